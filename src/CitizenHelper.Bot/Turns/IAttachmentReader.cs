using CitizenHelper.Bot.Schema;

namespace CitizenHelper.Bot.Turns;

/// <summary>Gets the bytes of a file a citizen attached, from wherever the channel keeps it; null when it cannot be read safely.</summary>
public interface IAttachmentReader
{
    Task<byte[]?> ReadAsync(Activity activity, Attachment attachment, CancellationToken cancellationToken);
}

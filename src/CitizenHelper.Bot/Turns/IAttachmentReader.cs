using CitizenHelper.Bot.Schema;

namespace CitizenHelper.Bot.Turns;

/// <summary>Gets the bytes of a file a citizen attached, from wherever the channel keeps it; null when it cannot be read safely.</summary>
public interface IAttachmentReader
{
    Task<byte[]?> ReadAsync(Activity activity, Attachment attachment, CancellationToken cancellationToken);
}

/// <summary>The default until a channel registers its own reader: no file can be read, so photos get the "not readable" reply.</summary>
public sealed class NoAttachmentReader : IAttachmentReader
{
    public Task<byte[]?> ReadAsync(Activity activity, Attachment attachment, CancellationToken cancellationToken) => Task.FromResult<byte[]?>(null);
}

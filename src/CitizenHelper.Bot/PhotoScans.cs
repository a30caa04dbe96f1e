using CitizenHelper.Bot.Schema;
using CitizenHelper.Bot.Turns;
using CitizenHelper.Qr.Photos;

namespace CitizenHelper.Bot;

/// <summary>A photo attachment's QR code: fetched through the channel's attachment reader, then read safely.</summary>
public sealed class PhotoScans(IAttachmentReader attachments, PhotoReader reader)
{
    public async Task<PhotoResult> ReadAsync(Activity activity, Attachment photo, CancellationToken cancellationToken)
    {
        var content = await attachments.ReadAsync(activity, photo, cancellationToken).ConfigureAwait(false);
        return content is null ? new PhotoResult(PhotoOutcome.NotAnImage) : await reader.ReadAsync(content, cancellationToken).ConfigureAwait(false);
    }
}

using System.Text.RegularExpressions;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Bot.Turns;
using CitizenHelper.Storage;
using CitizenHelper.Web.BotFramework;
using CitizenHelper.Web.Options;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.DirectLine;

/// <summary>
/// Reads attached files for the bot, bounded in size and time: our own Direct Line uploads from the database (same
/// conversation only), small inline <c>data:</c> URLs, and files a Bot Framework channel hosts on its own service
/// host. Nothing else is fetched, so an attachment URL cannot make the service call arbitrary addresses.
/// </summary>
public sealed partial class AttachmentReader(
    ConversationStore store, IHttpClientFactory clients, ChannelConnector connector, IOptions<DirectLineOptions> options, ILogger<AttachmentReader> logger) : IAttachmentReader
{
    public const string HttpClientName = "attachments";

    [GeneratedRegex(@"^/v3/directline/conversations/(?<conversation>[^/]+)/attachments/(?<id>[0-9a-f]{1,64})$")]
    private static partial Regex UploadPath();

    public async Task<byte[]?> ReadAsync(Activity activity, Attachment attachment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(attachment);
        var max = options.Value.MaxUploadBytes;
        var url = attachment.ContentUrl;
        if (url is null || activity.Conversation?.Id is not { } conversationId)
        {
            return null;
        }
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = url.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !url[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase) || (url.Length - comma) / 4 * 3 > max)
            {
                return null;
            }
            var bytes = new byte[(url.Length - comma) / 4 * 3];
            return Convert.TryFromBase64String(url[(comma + 1)..], bytes, out var written) ? bytes[..written] : null;
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }
        if (UploadPath().Match(uri.AbsolutePath) is { Success: true } upload)
        {
            // Our own upload: read it from the store, never over HTTP, and only within its conversation.
            return upload.Groups["conversation"].Value == conversationId
                ? (await store.FindAttachmentAsync(conversationId, upload.Groups["id"].Value, cancellationToken).ConfigureAwait(false))?.Content
                : null;
        }
        if (activity.ServiceUrl is not { } serviceUrl || !connector.MayReplyTo(serviceUrl)
            || !Uri.TryCreate(serviceUrl, UriKind.Absolute, out var service) || !string.Equals(service.Host, uri.Host, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        try
        {
            return await BoundedDownload.GetAsync(clients.CreateClient(HttpClientName), uri, max, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogFetchFailed(logger, uri.Host, e);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An attachment could not be fetched from {Host}")]
    private static partial void LogFetchFailed(ILogger logger, string host, Exception exception);
}

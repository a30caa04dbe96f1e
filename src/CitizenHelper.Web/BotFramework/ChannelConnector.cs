using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Web.Options;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.BotFramework;

/// <summary>
/// Sends the bot's replies back to a Bot Framework channel: POST {serviceUrl}/v3/conversations/{id}/activities/{replyToId},
/// with a client-credentials token when an App ID is configured (cached until shortly before it expires).
/// </summary>
public sealed class ChannelConnector(IHttpClientFactory httpClients, IOptions<BotOptions> options, TimeProvider clock, ILogger<ChannelConnector> logger) : IChannelSender, IDisposable
{
    private HttpClient Http => httpClients.CreateClient(nameof(ChannelConnector));

    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private string? _token;
    private DateTimeOffset _tokenExpires;

    /// <summary>False for a service URL we must not call (without authentication, only the configured local hosts).</summary>
    public bool MayReplyTo(string serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return false;
        }
        var settings = options.Value;
        return settings.Authenticated || settings.UnauthenticatedServiceHosts.Any(h => string.Equals(h, uri.Host, StringComparison.OrdinalIgnoreCase) || string.Equals(h, $"[{uri.Host}]", StringComparison.OrdinalIgnoreCase));
    }

    public async Task<string> SendAsync(Activity reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var serviceUrl = reply.ServiceUrl ?? throw new InvalidOperationException("A reply needs the channel's service URL.");
        var conversation = Uri.EscapeDataString(reply.Conversation?.Id ?? throw new InvalidOperationException("A reply needs a conversation."));
        var path = reply.ReplyToId is { } replyTo
            ? $"v3/conversations/{conversation}/activities/{Uri.EscapeDataString(replyTo)}"
            : $"v3/conversations/{conversation}/activities";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(serviceUrl.TrimEnd('/') + "/"), path))
        {
            Content = JsonContent.Create(reply, options: ActivityJson.Options),
        };
        if (options.Value.Authenticated)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken));
        }
        using var response = await Http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogWarning("Channel at {ServiceUrl} refused a reply: {Status}", serviceUrl, (int)response.StatusCode);
            response.EnsureSuccessStatusCode();
        }
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.ValueKind == JsonValueKind.Object && body.TryGetProperty("id", out var id) ? id.GetString() ?? "" : "";
    }

    public void Dispose() => _tokenLock.Dispose();

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        await _tokenLock.WaitAsync(cancellationToken);
        try
        {
            if (_token is not null && clock.GetUtcNow() < _tokenExpires)
            {
                return _token;
            }
            var settings = options.Value;
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = settings.AppId,
                ["client_secret"] = settings.AppPassword,
                ["scope"] = settings.TokenScope,
            });
            using var response = await Http.PostAsync(new Uri(settings.TokenEndpoint), form, cancellationToken);
            response.EnsureSuccessStatusCode();
            var token = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            _token = token.GetProperty("access_token").GetString();
            var lifetime = token.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var seconds) ? seconds : 3600;
            _tokenExpires = clock.GetUtcNow().AddSeconds(Math.Max(60, lifetime - 300));
            return _token ?? throw new InvalidOperationException("The token endpoint gave no access_token.");
        }
        finally
        {
            _tokenLock.Release();
        }
    }
}

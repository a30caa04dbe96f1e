using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Zalo;

/// <summary>What to do about Zalo's answer to a send.</summary>
public enum ZaloErrorKind
{
    None,

    /// <summary>The access token is invalid or expired (-216, -220): refresh it and send again.</summary>
    Token,

    /// <summary>Try again later: too many calls (-32), quota used up (-211, -218), Zalo or the network down.</summary>
    Later,

    /// <summary>Outside the customer-service window (-230, -232): wait for the citizen's next message.</summary>
    Window,

    /// <summary>The user cannot be reached (did not follow or blocked the OA, restricted, banned or long inactive).</summary>
    Unreachable,

    /// <summary>Zalo refuses this message or the app's set-up; sending it again will not help.</summary>
    Refused,
}

/// <summary>Zalo's error codes, as its Open API documents them, sorted by what the channel does about them.</summary>
public static class ZaloErrors
{
    /// <summary>Not a Zalo code: the request did not get a JSON answer (network, timeout, HTTP error).</summary>
    public const int Transport = -1;

    public static ZaloErrorKind Kind(int error) => error switch
    {
        0 => ZaloErrorKind.None,
        -216 or -220 => ZaloErrorKind.Token,
        -1 or -32 or -211 or -218 or -214 => ZaloErrorKind.Later,
        -230 or -232 => ZaloErrorKind.Window,
        -213 or -217 or -227 or -244 => ZaloErrorKind.Unreachable,
        _ => ZaloErrorKind.Refused,
    };

    /// <summary>What an error means, for the log line.</summary>
    public static string Describe(int error) => error switch
    {
        Transport => "Zalo could not be reached",
        -32 => "too many calls to the Zalo API",
        -211 => "the OA's message quota is used up",
        -218 => "this user's receiving quota is used up",
        -213 => "the user does not follow the OA (or stopped following it)",
        -217 => "the user blocked the OA",
        -227 => "the user's account is banned or inactive",
        -244 => "the user restricted this kind of message from the OA",
        -216 => "the access token is invalid",
        -220 => "the access token expired or was removed",
        -230 => "the user has not written to the OA in the last 7 days",
        -232 => "the user has not interacted with the OA, or the last interaction expired",
        -201 => "a parameter of the message is invalid",
        -210 => "a parameter exceeds Zalo's limit",
        -233 => "the message type is not supported",
        -219 => "the Zalo app is removed or disabled",
        -223 => "the OA has not authorised this API for the app",
        _ => "Zalo refused the request",
    };
}

/// <summary>Zalo's answer to one call: <c>error</c> 0 is success.</summary>
public sealed record ZaloResult(int Error, string? Message)
{
    public ZaloErrorKind Kind => ZaloErrors.Kind(Error);
}

/// <summary>
/// The customer-service message API: POST /v3.0/oa/message/cs with the access token in an <c>access_token</c> header
/// and <c>{"recipient":{"user_id":…},"message":…}</c>. A refused token is refreshed once and the call made again.
/// </summary>
public sealed class ZaloClient(IHttpClientFactory clients, ZaloTokens tokens, IOptions<ZaloOptions> options, ILogger<ZaloClient> logger)
{
    public const string HttpClientName = "zalo-api";

    public Task<ZaloResult> SendAsync(string userId, JsonObject message, CancellationToken cancellationToken) =>
        CallAsync("/v3.0/oa/message/cs", new JsonObject { ["recipient"] = new JsonObject { ["user_id"] = userId }, ["message"] = message }, options.Value.ApiBaseUrl, cancellationToken);

    /// <summary>A notification template message to the user (for a staff reply outside the window).</summary>
    public Task<ZaloResult> SendTemplateAsync(string userId, string templateId, JsonObject data, CancellationToken cancellationToken) =>
        CallAsync("/message/template", new JsonObject { ["user_id"] = userId, ["template_id"] = templateId, ["template_data"] = data }, options.Value.NotificationBaseUrl, cancellationToken);

    private async Task<ZaloResult> CallAsync(string path, JsonObject body, Uri baseUrl, CancellationToken cancellationToken)
    {
        string token;
        try
        {
            token = await tokens.AccessTokenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or ZaloTokenException)
        {
            // Logged where it failed; the message waits and is tried again.
            return new ZaloResult(ZaloErrors.Transport, "no usable access token");
        }
        var result = await PostAsync(path, body, baseUrl, token, cancellationToken).ConfigureAwait(false);
        if (result.Kind != ZaloErrorKind.Token)
        {
            return result;
        }
        logger.LogWarning("Zalo error {Error}: {Meaning}; refreshing the token and sending again", result.Error, ZaloErrors.Describe(result.Error));
        try
        {
            token = await tokens.RefreshAsync(stale: token, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or ZaloTokenException)
        {
            // Logged where it failed; the message waits and is tried again.
            return new ZaloResult(ZaloErrors.Transport, "no usable access token");
        }
        return await PostAsync(path, body, baseUrl, token, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ZaloResult> PostAsync(string path, JsonObject body, Uri baseUrl, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, path)) { Content = JsonContent.Create(body) };
        request.Headers.Add("access_token", token);
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return new ZaloResult(ZaloErrors.Transport, $"HTTP {(int)response.StatusCode}");
            }
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
            return answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("error", out var error) && error.TryGetInt32(out var code)
                ? new ZaloResult(code, answer.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null)
                : new ZaloResult(ZaloErrors.Transport, "no error field in the answer");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new ZaloResult(ZaloErrors.Transport, e.GetType().Name);
        }
    }
}

using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CitizenHelper.Web.Zalo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CitizenHelper.Web.Tests.Zalo;

/// <summary>
/// Zalo on loopback, speaking the same HTTP as the real one: the OAuth token refresh (a refresh token is good for one
/// use and each refresh rotates it), the customer-service message API (checks the access token, records what it got,
/// and answers error codes the test queues), the notification template API, and photos on a "CDN". It also signs
/// webhook events as Zalo does. Anything it does not expect fails loudly (HTTP 400 with the reason).
/// </summary>
internal sealed class FakeZaloServer : IAsyncDisposable
{
    public const string AppId = "3141592653589793";
    public const string AppSecret = "fake-app-secret";
    public const string OaSecretKey = "fake-oa-secret-key";
    public const string FirstRefreshToken = "refresh-0";

    private readonly WebApplication _app;
    private readonly Lock _tokens = new();
    private int _generation;
    private string _refreshToken = FirstRefreshToken;
    private string? _accessToken;

    private FakeZaloServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Messages the API took, in order: recipient user id and the <c>message</c> object.</summary>
    public ConcurrentQueue<(string UserId, JsonObject Message)> Sent { get; } = new();

    /// <summary>Every call to the message API, taken or refused, with the error code answered.</summary>
    public ConcurrentQueue<(string UserId, int Error)> Calls { get; } = new();
    public ConcurrentQueue<(string UserId, string TemplateId, JsonObject Data)> Templates { get; } = new();

    /// <summary>Refresh tokens presented, in order.</summary>
    public ConcurrentQueue<string> Refreshes { get; } = new();

    /// <summary>While set, a refresh rotates the tokens at once and answers only when this completes.</summary>
    public TaskCompletionSource? RefreshAnswerHeld { get; set; }

    /// <summary>Error codes the message API answers next, one per call, before it takes messages again.</summary>
    public ConcurrentQueue<int> NextErrors { get; } = new();

    /// <summary>Photos served at /cdn/{name}.</summary>
    public ConcurrentDictionary<string, byte[]> Photos { get; } = new();

    public static async Task<FakeZaloServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var zalo = new FakeZaloServer(app);
        app.MapPost("/v4/oa/access_token", zalo.RefreshAsync);
        app.MapPost("/v3.0/oa/message/cs", zalo.MessageAsync);
        app.MapPost("/message/template", zalo.TemplateAsync);
        app.MapGet("/cdn/{name}", (string name) => zalo.Photos.TryGetValue(name, out var bytes) ? Results.Bytes(bytes, "image/jpeg") : Results.NotFound());
        await app.StartAsync();
        zalo.BaseUrl = app.Urls.Single();
        return zalo;
    }

    /// <summary>The settings that point the service at this server.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Zalo:AppId"] = AppId,
        ["Zalo:AppSecret"] = AppSecret,
        ["Zalo:OaSecretKey"] = OaSecretKey,
        ["Zalo:InitialRefreshToken"] = FirstRefreshToken,
        ["Zalo:ApiBaseUrl"] = BaseUrl,
        ["Zalo:OAuthBaseUrl"] = BaseUrl,
        ["Zalo:NotificationBaseUrl"] = BaseUrl,
        ["Zalo:ImageHosts:0"] = "127.0.0.1",
        ["Zalo:RetryDelay"] = "00:00:00.050",
    };

    /// <summary>Zalo expires the access token now (the next call with it gets -216).</summary>
    public void ExpireAccessToken()
    {
        lock (_tokens)
        {
            _accessToken = "expired";
        }
    }

    public string CurrentRefreshToken
    {
        get
        {
            lock (_tokens)
            {
                return _refreshToken;
            }
        }
    }

    private async Task<IResult> RefreshAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (request.Headers["secret_key"] != AppSecret || form["app_id"] != AppId || form["grant_type"] != "refresh_token")
        {
            return Results.BadRequest("a refresh needs secret_key, app_id and grant_type=refresh_token");
        }
        var presented = form["refresh_token"].ToString();
        IResult answer;
        lock (_tokens)
        {
            if (presented != _refreshToken)
            {
                answer = Results.Json(new { error = -14014, error_name = "Invalid refresh token", error_description = "used or unknown" });
            }
            else
            {
                _generation++;
                _accessToken = $"access-{_generation}";
                _refreshToken = $"refresh-{_generation}";
                answer = Results.Json(new { access_token = _accessToken, refresh_token = _refreshToken, expires_in = "90000" });
            }
        }
        // Seen only once the tokens rotated: a test that saw the refresh may rely on the old one being spent.
        Refreshes.Enqueue(presented);
        if (RefreshAnswerHeld is { } held)
        {
            await held.Task;
        }
        return answer;
    }

    private async Task<IResult> MessageAsync(HttpRequest request)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonObject>(request.Body);
        var userId = body?["recipient"]?["user_id"]?.GetValue<string>();
        if (userId is null || body!["message"] is not JsonObject message)
        {
            return Results.BadRequest("a message needs recipient.user_id and message");
        }
        string? valid;
        lock (_tokens)
        {
            valid = _accessToken;
        }
        var error = request.Headers["access_token"] != valid || valid == "expired" ? -216 : NextErrors.TryDequeue(out var next) ? next : 0;
        Calls.Enqueue((userId, error));
        if (error != 0)
        {
            return Results.Json(new { error, message = "fake error" });
        }
        if (message["text"] is JsonValue text && text.GetValue<string>().Length > 2000)
        {
            return Results.BadRequest("a text message is at most 2000 characters");
        }
        Sent.Enqueue((userId, (JsonObject)message.DeepClone()));
        return Results.Json(new { error = 0, message = "Success", data = new { message_id = Guid.NewGuid().ToString("N") } });
    }

    private async Task<IResult> TemplateAsync(HttpRequest request)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonObject>(request.Body);
        Templates.Enqueue((body!["user_id"]!.GetValue<string>(), body["template_id"]!.GetValue<string>(), (JsonObject)body["template_data"]!.DeepClone()));
        return Results.Json(new { error = 0, message = "Success" });
    }

    /// <summary>A webhook event as Zalo sends it: JSON body, timestamp in it, signed with the OA secret key.</summary>
    public static HttpRequestMessage Event(object zaloEvent, string? signature = null, Func<byte[], byte[]>? tamper = null)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(zaloEvent);
        var timestamp = JsonSerializer.Deserialize<JsonElement>(body).GetProperty("timestamp").GetString()!;
        var header = signature ?? ZaloSignature.Header(AppId, body, timestamp, OaSecretKey);
        var request = new HttpRequestMessage(HttpMethod.Post, ZaloWebhookApi.Path) { Content = new ByteArrayContent(tamper?.Invoke(body) ?? body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (header.Length > 0)
        {
            request.Headers.Add(ZaloSignature.HeaderName, header);
        }
        return request;
    }

    public static string Now(TimeSpan? offset = null) => (DateTimeOffset.UtcNow + (offset ?? TimeSpan.Zero)).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static object Text(string userId, string text, string? messageId = null, string? timestamp = null) => new
    {
        app_id = AppId,
        event_name = ZaloEventNames.Text,
        sender = new { id = userId },
        recipient = new { id = "oa-1" },
        message = new { msg_id = messageId ?? Guid.NewGuid().ToString("N"), text },
        timestamp = timestamp ?? Now(),
    };

    public object Image(string userId, string photoName) => new
    {
        app_id = AppId,
        event_name = ZaloEventNames.Image,
        sender = new { id = userId },
        recipient = new { id = "oa-1" },
        message = new { msg_id = Guid.NewGuid().ToString("N"), attachments = new[] { new { type = "image", payload = new { url = $"{BaseUrl}/cdn/{photoName}", thumbnail = $"{BaseUrl}/cdn/{photoName}" } } } },
        timestamp = Now(),
    };

    public static object Follow(string userId, string eventName = ZaloEventNames.Follow) => new
    {
        app_id = AppId,
        event_name = eventName,
        oa_id = "oa-1",
        follower = new { id = userId },
        timestamp = Now(),
    };

    /// <summary>The messages sent to <paramref name="userId"/> so far: texts, and button templates as their text.</summary>
    public List<JsonObject> SentTo(string userId) => [.. Sent.Where(s => s.UserId == userId).Select(s => s.Message)];

    public static string TextOf(JsonObject message) =>
        message["text"]?.GetValue<string>() ?? message["attachment"]?["payload"]?["text"]?.GetValue<string>() ?? "";

    public static IEnumerable<JsonObject> ButtonsOf(JsonObject message) =>
        message["attachment"]?["payload"]?["buttons"]?.AsArray().OfType<JsonObject>() ?? [];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Bytes as UTF-8, for tampering with a body.</summary>
    public static byte[] Replace(byte[] body, string from, string to) => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace(from, to, StringComparison.Ordinal));
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CitizenHelper.Web.Tests;

/// <summary>
/// A Bot Framework channel on loopback: receives the bot's replies, publishes OpenID metadata with a test signing key,
/// issues the bot's client-credentials token, and signs channel tokens for the tests.
/// </summary>
internal sealed class FakeChannel : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";
    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);

    private FakeChannel(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public ConcurrentQueue<(string Path, string? Authorization, JsonElement Activity)> Replies { get; } = new();
    public ConcurrentQueue<IFormCollection> TokenRequests { get; } = new();

    public static async Task<FakeChannel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var channel = new FakeChannel(app);
        app.MapGet("/.well-known/openidconfiguration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = channel.BaseUrl + "/keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/keys", () =>
        {
            var parameters = channel._key.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", kid = "test-key", alg = "RS256", n = WebEncoders.Base64UrlEncode(parameters.Modulus!), e = WebEncoders.Base64UrlEncode(parameters.Exponent!) } } });
        });
        app.MapPost("/token", async (HttpRequest request) =>
        {
            channel.TokenRequests.Enqueue(await request.ReadFormAsync());
            return Results.Json(new { access_token = "bot-token", expires_in = 3600, token_type = "Bearer" });
        });
        // Replies within a turn (to an activity) and later messages (new activities in the conversation).
        async Task<IResult> Receive(HttpRequest request)
        {
            var activity = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            channel.Replies.Enqueue((request.Path, request.Headers.Authorization.ToString(), activity));
            return Results.Json(new { id = "reply-" + channel.Replies.Count });
        }
        app.MapPost("/v3/conversations/{conversationId}/activities/{replyToId}", Receive);
        app.MapPost("/v3/conversations/{conversationId}/activities", Receive);
        await app.StartAsync();
        channel.BaseUrl = app.Urls.Single();
        return channel;
    }

    /// <summary>A channel token as Azure Bot Service would send it; each argument can be set wrong to test a refusal.</summary>
    public string Token(string audience, string? serviceUrl = null, string issuer = Issuer, DateTime? expires = null, RSA? signWith = null)
    {
        var key = new RsaSecurityKey(signWith ?? _key) { KeyId = "test-key" };
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.AddMinutes(-30),
            NotBefore = now.AddMinutes(-30),
            Expires = expires ?? now.AddMinutes(30),
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl ?? BaseUrl },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
    }
}

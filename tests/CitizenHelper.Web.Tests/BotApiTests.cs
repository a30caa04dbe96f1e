using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests;

/// <summary>POST /api/messages against a local fake channel, with and without channel authentication.</summary>
public sealed class BotApiTests(CitizenHelperFactory emulatorService) : IAsyncLifetime, IClassFixture<CitizenHelperFactory>
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private FakeChannel _channel = null!;

    // The tests in emulator mode share one service (a start costs seconds), each in a conversation of its own.
    private readonly string _conversation = $"emulator-{Guid.NewGuid():N}";
    private readonly string _activity = $"incoming-{Guid.NewGuid():N}";

    public async Task InitializeAsync() => _channel = await FakeChannel.StartAsync();

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    [Fact]
    public async Task EmulatorModeAnswersIntoTheChannelsConversation()
    {
        using var client = emulatorService.CreateClient();

        var response = await client.PostAsJsonAsync("/api/messages", Message(_channel.BaseUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (path, authorization, reply) = Assert.Single(_channel.Replies);
        Assert.Equal($"/v3/conversations/{_conversation}/activities/{_activity}", path);
        Assert.Empty(authorization ?? "");
        Assert.Contains("Giấy chứng sinh", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(_activity, reply.GetProperty("replyToId").GetString());
        Assert.Equal("bot-1", reply.GetProperty("from").GetProperty("id").GetString());
        Assert.Equal("user-1", reply.GetProperty("recipient").GetProperty("id").GetString());
        Assert.Equal("answered", reply.GetProperty("channelData").GetProperty("citizenHelper").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task WithoutAnAppIdTheEndpointIsClosedUnlessUnauthenticatedUseIsAllowed()
    {
        using var factory = new CitizenHelperFactory(new() { ["Bot:AllowUnauthenticated"] = "false" });
        using var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/api/messages", Message(_channel.BaseUrl));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(_channel.Replies);
    }

    [Fact]
    public async Task AnOversizedActivityIsRefusedBeforeAnythingElse()
    {
        using var client = emulatorService.CreateClient();
        // Chunked (no Content-Length), so only reading within the bound can stop it.
        using var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("{\"type\":\"message\",\"text\":\"" + new string('a', 200_000) + "\"}")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_channel.Replies);
    }

    [Fact]
    public async Task EmulatorModeRefusesToReplyToAnyHostButLocalOnes()
    {
        using var client = emulatorService.CreateClient();

        var response = await client.PostAsJsonAsync("/api/messages", Message("https://attacker.example"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(_channel.Replies);
    }

    [Fact]
    public async Task ValidChannelTokenIsAcceptedAndTheReplyCarriesTheBotsOwnToken()
    {
        using var factory = Authenticated();
        using var client = factory.CreateClient();

        var response = await SendAsync(client, _channel.Token(AppId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer bot-token", Assert.Single(_channel.Replies).Authorization);
        var form = Assert.Single(_channel.TokenRequests);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(AppId, form["client_id"]);
    }

    private static readonly (string Problem, HttpStatusCode Expected)[] RefusedTokens =
    [
        ("missing", HttpStatusCode.Unauthorized),
        ("wrong audience", HttpStatusCode.Unauthorized),
        ("wrong issuer", HttpStatusCode.Unauthorized),
        ("expired", HttpStatusCode.Unauthorized),
        ("bad signature", HttpStatusCode.Unauthorized),
        ("service url mismatch", HttpStatusCode.Forbidden),
    ];

    [Fact]
    public async Task BadChannelTokensAreRefusedAndNothingIsSent()
    {
        // One service for the six tokens: each is refused on its own, and a host start costs seconds.
        using var factory = Authenticated();
        using var client = factory.CreateClient();
        using var otherKey = RSA.Create(2048);
        foreach (var (problem, expected) in RefusedTokens)
        {
            var token = problem switch
            {
                "missing" => null,
                "wrong audience" => _channel.Token("someone-else"),
                "wrong issuer" => _channel.Token(AppId, issuer: "https://evil.example"),
                "expired" => _channel.Token(AppId, expires: DateTime.UtcNow.AddMinutes(-10)),
                "bad signature" => _channel.Token(AppId, signWith: otherKey),
                _ => _channel.Token(AppId, serviceUrl: "https://other.example"),
            };

            var response = await SendAsync(client, token);

            Assert.True(expected == response.StatusCode, $"{problem}: {response.StatusCode}, not {expected}");
            Assert.True(_channel.Replies.IsEmpty, $"{problem}: a reply was sent");
        }
    }

    [Fact]
    public async Task MalformedActivityIsA400()
    {
        using var client = emulatorService.CreateClient();

        var response = await client.PostAsync("/api/messages", new StringContent("{\"type\":", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private CitizenHelperFactory Authenticated() => new(new()
    {
        ["Bot:AppId"] = AppId,
        ["Bot:AppPassword"] = "test-password",
        ["Bot:OpenIdMetadataUrl"] = _channel.BaseUrl + "/.well-known/openidconfiguration",
        ["Bot:TokenEndpoint"] = _channel.BaseUrl + "/token",
    });

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(Message(_channel.BaseUrl)) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task AStaffReplyLaterReachesTheChannelsConversationAsANewActivity()
    {
        using var client = emulatorService.CreateClient();
        await client.PostAsJsonAsync("/api/messages", Message(_channel.BaseUrl, "Tôi muốn gặp cán bộ"));
        var escalated = _channel.Replies.Select(r => r.Activity)
            .Single(a => a.GetProperty("type").GetString() == "message" && a.GetProperty("channelData").GetProperty("citizenHelper").TryGetProperty("reference", out _));
        var reference = escalated.GetProperty("channelData").GetProperty("citizenHelper").GetProperty("reference").GetString()!;
        var repliesBefore = _channel.Replies.Count;

        var actions = emulatorService.Services.GetRequiredService<CitizenHelper.Staff.EscalationActions>();
        var outcome = await actions.ReplyAsync(reference, "Chị mang theo giấy chứng sinh bản chính nhé.", new CitizenHelper.Storage.StaffScope(true, new HashSet<string>()), "admin", null, CancellationToken.None);

        Assert.Equal(CitizenHelper.Staff.StaffOutcomeKind.Done, outcome.Kind);
        var later = _channel.Replies.Skip(repliesBefore).ToList();
        var staffMessage = Assert.Single(later, r => r.Activity.GetProperty("type").GetString() == "message");
        Assert.Equal($"/v3/conversations/{_conversation}/activities", staffMessage.Path);
        Assert.Equal("Chị mang theo giấy chứng sinh bản chính nhé.", staffMessage.Activity.GetProperty("text").GetString());
        Assert.False(staffMessage.Activity.TryGetProperty("replyToId", out _));
    }

    private object Message(string serviceUrl, string text = "Đăng ký khai sinh cần giấy tờ gì?") => new
    {
        type = "message",
        id = _activity,
        timestamp = DateTimeOffset.UtcNow,
        serviceUrl,
        channelId = "emulator",
        from = new { id = "user-1", name = "Citizen", role = "user" },
        recipient = new { id = "bot-1", name = "CitizenHelper", role = "bot" },
        conversation = new { id = _conversation },
        text,
        locale = "vi-VN",
    };
}

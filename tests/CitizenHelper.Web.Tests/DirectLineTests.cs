using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CitizenHelper.Bot;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Web.DirectLine;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests;

public sealed class DirectLineTests : IClassFixture<CitizenHelperFactory>
{
    private readonly CitizenHelperFactory _factory;

    public DirectLineTests(CitizenHelperFactory factory) => _factory = factory;

    [Fact]
    public async Task StartingAConversationIsCreatedOnceThenOk()
    {
        using var secretClient = _factory.ClientWith(CitizenHelperFactory.Secret);
        var generated = await (await secretClient.PostAsync("/v3/directline/tokens/generate", null)).Content.ReadFromJsonAsync<JsonElement>();
        using var client = _factory.ClientWith(generated.GetProperty("token").GetString()!);

        var first = await client.PostAsync("/v3/directline/conversations", null);
        var second = await client.PostAsync("/v3/directline/conversations", null);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var body = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(generated.GetProperty("conversationId").GetString(), body.GetProperty("conversationId").GetString());
        Assert.StartsWith("ws://", body.GetProperty("streamUrl").GetString(), StringComparison.Ordinal);
        Assert.True(body.GetProperty("expires_in").GetInt32() > 0);
    }

    [Fact]
    public async Task PostActivityEchoesClientActivityIdAndTheBotAnswersWithACitation()
    {
        var (conversationId, client, _) = await _factory.StartConversationAsync();

        var posted = await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new
        {
            type = "message",
            text = "Đăng ký khai sinh cần giấy tờ gì?",
            from = new { id = "citizen-1", role = "user" },
            locale = "vi-VN",
            channelData = new { clientActivityID = "client-42", extra = new { kept = true } },
        });
        posted.EnsureSuccessStatusCode();
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var activities = await Eventually.GetAsync(
            () => ActivitiesAsync(client, conversationId, ""),
            a => a.Any(x => x.GetProperty("from").GetProperty("role").GetString() == "bot" && x.TryGetProperty("replyToId", out var r) && r.GetString() == id),
            "the bot's answer");

        var echo = activities.Single(a => a.GetProperty("id").GetString() == id);
        Assert.Equal("client-42", echo.GetProperty("channelData").GetProperty("clientActivityID").GetString());
        Assert.True(echo.GetProperty("channelData").GetProperty("extra").GetProperty("kept").GetBoolean());
        Assert.Equal(conversationId, echo.GetProperty("conversation").GetProperty("id").GetString());
        Assert.True(echo.TryGetProperty("timestamp", out _));

        var answer = activities.Single(a => a.TryGetProperty("replyToId", out var r) && r.GetString() == id);
        Assert.Contains("Giấy chứng sinh", answer.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("markdown", answer.GetProperty("textFormat").GetString());
        var helper = answer.GetProperty("channelData").GetProperty("citizenHelper");
        Assert.Equal("answered", helper.GetProperty("outcome").GetString());
        Assert.Equal("1.001193", helper.GetProperty("procedure").GetString());
        var entity = answer.GetProperty("entities").EnumerateArray().Single(e => e.GetProperty("@type").GetString() == "Message");
        var appearance = entity.GetProperty("citation")[0].GetProperty("appearance");
        Assert.Equal("Đăng ký khai sinh", appearance.GetProperty("name").GetString());
        Assert.EndsWith("/kb/1.001193/vi", appearance.GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewConversationGetsAWelcomeButNeverSeesTheConversationUpdate()
    {
        var (conversationId, client, _) = await _factory.StartConversationAsync();

        var activities = await Eventually.GetAsync(() => ActivitiesAsync(client, conversationId, ""), a => a.Count > 0, "the welcome");

        var welcome = Assert.Single(activities);
        Assert.Equal("message", welcome.GetProperty("type").GetString());
        Assert.StartsWith("Xin chào", welcome.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(welcome.GetProperty("suggestedActions").GetProperty("actions").GetArrayLength() > 0);
        Assert.DoesNotContain(activities, a => a.GetProperty("type").GetString() == "conversationUpdate");
    }

    [Fact]
    public async Task WatermarkReturnsOnlyLaterActivities()
    {
        var (conversationId, client, _) = await _factory.StartConversationAsync();
        await Eventually.GetAsync(() => ActivitiesAsync(client, conversationId, ""), a => a.Count > 0, "the welcome");
        var first = await client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities");
        var watermark = first.GetProperty("watermark").GetString()!;

        await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = "lệ phí chứng thực" });
        var later = await Eventually.GetAsync(() => ActivitiesAsync(client, conversationId, watermark), a => a.Count >= 2, "the answer");

        Assert.Equal("lệ phí chứng thực", later[0].GetProperty("text").GetString());
        Assert.DoesNotContain(later, a => a.GetProperty("text").GetString()!.StartsWith("Xin chào", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StreamReplaysThenDeliversTheEchoAndTheAnswer()
    {
        var (conversationId, client, start) = await _factory.StartConversationAsync();
        var socketClient = _factory.Server.CreateWebSocketClient();
        using var socket = await socketClient.ConnectAsync(new Uri(start.GetProperty("streamUrl").GetString()!), CancellationToken.None);

        var welcome = await ReceiveUntilAsync(socket, a => a.GetProperty("type").GetString() == "message");
        Assert.StartsWith("Xin chào", welcome.GetProperty("text").GetString(), StringComparison.Ordinal);

        await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = "đăng ký kết hôn ở đâu", channelData = new { clientActivityID = "c1" } });
        var answer = await ReceiveUntilAsync(socket, a => a.GetProperty("from").GetProperty("role").GetString() == "bot" && a.GetProperty("type").GetString() == "message");

        Assert.Equal("1.000894", answer.GetProperty("channelData").GetProperty("citizenHelper").GetProperty("procedure").GetString());
    }

    [Fact]
    public async Task StreamDeliversActivitiesStoredTogetherEachOnceInWatermarkOrder()
    {
        var (conversationId, _, start) = await _factory.StartConversationAsync();
        var socketClient = _factory.Server.CreateWebSocketClient();
        using var socket = await socketClient.ConnectAsync(new Uri(start.GetProperty("streamUrl").GetString()!), CancellationToken.None);
        await ReceiveUntilAsync(socket, a => a.GetProperty("type").GetString() == "message");

        // Stored side by side, as staff replies and bot answers can be: some commit in one batch, some signals
        // arrive out of order, and the stream must neither skip nor repeat any.
        var delivery = _factory.Services.GetRequiredService<ConversationDelivery>();
        var texts = Enumerable.Range(1, 40).Select(i => $"staff message {i}").ToList();
        await Task.WhenAll(texts.Select(text => delivery.StoreAsync(
            new Activity { Type = ActivityTypes.Message, Text = text, From = BotIdentity.Account(), Conversation = new ConversationAccount { Id = conversationId } },
            awaitingTurn: false, visibleToClient: true, CancellationToken.None)));

        var received = new List<string>();
        var watermarks = new List<long>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var buffer = new byte[256 * 1024];
        while (received.Count < texts.Count)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
            if (text.Length == 0)
            {
                continue;
            }
            using var set = JsonDocument.Parse(text);
            if (set.RootElement.TryGetProperty("watermark", out var watermark))
            {
                watermarks.Add(long.Parse(watermark.GetString()!, System.Globalization.CultureInfo.InvariantCulture));
            }
            received.AddRange(set.RootElement.GetProperty("activities").EnumerateArray()
                .Where(a => a.GetProperty("type").GetString() == "message")
                .Select(a => a.GetProperty("text").GetString()!));
        }

        Assert.Equal(texts.Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
        Assert.Equal(watermarks.Order(), watermarks);
        Assert.Equal(watermarks.Distinct().Count(), watermarks.Count);
    }

    [Fact]
    public async Task ANewStreamForTheSameConversationClosesTheOlderOne()
    {
        var (_, client, start) = await _factory.StartConversationAsync();
        var socketClient = _factory.Server.CreateWebSocketClient();
        using var first = await socketClient.ConnectAsync(new Uri(start.GetProperty("streamUrl").GetString()!), CancellationToken.None);
        await ReceiveUntilAsync(first, a => a.GetProperty("type").GetString() == "message");

        var resumed = await client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{start.GetProperty("conversationId").GetString()}");
        using var second = await socketClient.ConnectAsync(new Uri(resumed.GetProperty("streamUrl").GetString()!), CancellationToken.None);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[4096];
        WebSocketReceiveResult result;
        do
        {
            result = await first.ReceiveAsync(buffer, timeout.Token);
        }
        while (result.MessageType != WebSocketMessageType.Close);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, result.CloseStatus);
        Assert.Equal(WebSocketState.Open, second.State);
    }

    [Fact]
    public async Task StreamWithoutAValidTokenIsRefused()
    {
        var (conversationId, _, _) = await _factory.StartConversationAsync();
        var socketClient = _factory.Server.CreateWebSocketClient();

        await Assert.ThrowsAnyAsync<Exception>(() => socketClient.ConnectAsync(
            new Uri($"ws://localhost/v3/directline/conversations/{conversationId}/stream?t=forged"), CancellationToken.None));
    }

    [Fact]
    public async Task MissingCredentialIs401AndWrongSecretIs403()
    {
        using var anonymous = _factory.CreateClient();
        using var wrong = _factory.ClientWith("not-the-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/v3/directline/conversations", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await wrong.PostAsync("/v3/directline/conversations", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await wrong.PostAsync("/v3/directline/tokens/generate", null)).StatusCode);
    }

    [Fact]
    public async Task TokenForOneConversationCannotReadAnother()
    {
        var (_, client, _) = await _factory.StartConversationAsync();
        var (other, _, _) = await _factory.StartConversationAsync();

        var response = await client.GetAsync($"/v3/directline/conversations/{other}/activities");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task UnknownConversationIs404()
    {
        using var client = _factory.ClientWith(CitizenHelperFactory.Secret);

        var response = await client.GetAsync("/v3/directline/conversations/does-not-exist/activities");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("BadArgument", problem.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task MalformedJsonIsA400ProblemAndNothingIsStored()
    {
        var (conversationId, client, _) = await _factory.StartConversationAsync();

        var response = await client.PostAsync($"/v3/directline/conversations/{conversationId}/activities",
            new StringContent("{\"type\":\"message\",\"text\":", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal("BadArgument", problem.GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain(await ActivitiesAsync(client, conversationId, ""), a => a.GetProperty("from").GetProperty("role").GetString() == "user");
    }

    [Fact]
    public async Task ActivityOver16KbIsA400Problem()
    {
        var (conversationId, client, _) = await _factory.StartConversationAsync();

        var response = await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities",
            new { type = "message", text = new string('a', 17 * 1024) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("16384", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActivityWithoutTypeIsRejected()
    {
        var (conversationId, client, _) = await _factory.StartConversationAsync();

        var response = await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "", text = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task TokenRefreshKeepsTheConversation()
    {
        var (conversationId, client, _) = await _factory.StartConversationAsync();

        var refreshed = await (await client.PostAsync("/v3/directline/tokens/refresh", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(conversationId, refreshed.GetProperty("conversationId").GetString());
        using var next = _factory.ClientWith(refreshed.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync($"/v3/directline/conversations/{conversationId}/activities")).StatusCode);
    }

    [Fact]
    public async Task ResumeGivesAFreshStreamUrlFromTheWatermark()
    {
        var (conversationId, client, _) = await _factory.StartConversationAsync();

        var resumed = await client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}?watermark=3");

        Assert.Contains("watermark=3", resumed.GetProperty("streamUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal(conversationId, resumed.GetProperty("conversationId").GetString());
    }

    [Fact]
    public async Task WidgetTokenNeedsNoSecretAndCorsAllowsConfiguredOriginOnly()
    {
        using var anonymous = _factory.CreateClient();
        using var allowed = new HttpRequestMessage(HttpMethod.Options, "/api/directline/token");
        allowed.Headers.Add("Origin", "http://widget.test");
        allowed.Headers.Add("Access-Control-Request-Method", "POST");
        using var other = new HttpRequestMessage(HttpMethod.Options, "/api/directline/token");
        other.Headers.Add("Origin", "http://evil.test");
        other.Headers.Add("Access-Control-Request-Method", "POST");

        var token = await anonymous.PostAsync("/api/directline/token", null);
        var allowedResponse = await anonymous.SendAsync(allowed);
        var otherResponse = await anonymous.SendAsync(other);

        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal("http://widget.test", allowedResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(otherResponse.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static async Task<List<JsonElement>> ActivitiesAsync(HttpClient client, string conversationId, string watermark)
    {
        var set = await client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities?watermark={watermark}");
        return [.. set.GetProperty("activities").EnumerateArray()];
    }

    private static async Task<JsonElement> ReceiveUntilAsync(WebSocket socket, Func<JsonElement, bool> wanted)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
            if (text.Length == 0)
            {
                continue;
            }
            using var set = JsonDocument.Parse(text);
            foreach (var activity in set.RootElement.GetProperty("activities").EnumerateArray())
            {
                if (wanted(activity))
                {
                    return activity.Clone();
                }
            }
        }
    }
}

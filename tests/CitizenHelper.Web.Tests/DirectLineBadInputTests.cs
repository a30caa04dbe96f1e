using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace CitizenHelper.Web.Tests;

/// <summary>What a broken or hostile client sends: the protocol's answer, and no other conversation notices.</summary>
public sealed class DirectLineBadInputTests : IDisposable
{
    private readonly CitizenHelperFactory _factory = new(new() { ["DirectLine:ActivitiesPerMinute"] = "5", ["DirectLine:ActivitiesPerAddressPerMinute"] = "12" });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task AFloodingConversationGets429WithRetryAfterAndOthersGoOn()
    {
        var (flooder, flooding, _) = await _factory.StartConversationAsync();
        var (other, calm, _) = await _factory.StartConversationAsync();

        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add(await flooding.PostAsJsonAsync($"/v3/directline/conversations/{flooder}/activities", new { type = "message", text = $"spam {i}" }));
        }
        var calmResponse = await calm.PostAsJsonAsync($"/v3/directline/conversations/{other}/activities", new { type = "message", text = "lệ phí chứng thực" });

        Assert.Equal(5, statuses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = statuses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("TooManyRequests", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, calmResponse.StatusCode);

        // Refused activities are not stored: the conversation holds the welcome and the five accepted ones (and their answers).
        var stored = await Eventually.GetAsync(
            async () => (await flooding.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{flooder}/activities")).GetProperty("activities").EnumerateArray()
                .Where(a => a.GetProperty("from").GetProperty("role").GetString() == "user").Select(a => a.GetProperty("text").GetString()).ToList(),
            texts => texts.Count >= 5, "the accepted messages");
        Assert.Equal(["spam 0", "spam 1", "spam 2", "spam 3", "spam 4"], stored);
    }

    [Fact]
    public async Task AnUnknownActivityTypeIsStoredAndEchoedButTheBotStaysQuiet()
    {
        var (conversationId, client, _) = await _factory.StartConversationAsync();

        var response = await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "x-custom-ping", value = new { n = 1 } });
        await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = "lệ phí chứng thực bản sao" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var activities = await Eventually.GetAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities")).GetProperty("activities").EnumerateArray().Select(a => a.Clone()).ToList(),
            all => all.Count(a => a.GetProperty("from").GetProperty("role").GetString() == "bot" && a.GetProperty("type").GetString() == "message") >= 2,
            "the answer to the message after the unknown activity");
        var afterPing = activities.SkipWhile(a => a.GetProperty("type").GetString() != "x-custom-ping").Skip(1).First();
        // The next thing in the conversation is the citizen's message, not a reply to the ping.
        Assert.Equal("user", afterPing.GetProperty("from").GetProperty("role").GetString());
    }

    [Fact]
    public async Task FramesAClientSendsOnTheStreamAreIgnoredAndTheStreamStaysUp()
    {
        var (conversationId, client, start) = await _factory.StartConversationAsync();
        using var socket = await _factory.Server.CreateWebSocketClient().ConnectAsync(new Uri(start.GetProperty("streamUrl").GetString()!), CancellationToken.None);

        await socket.SendAsync(Encoding.UTF8.GetBytes("this is { not json"), WebSocketMessageType.Text, true, CancellationToken.None);
        await socket.SendAsync(new byte[] { 0, 1, 2, 255 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes(new string('x', 10_000)), WebSocketMessageType.Text, true, CancellationToken.None);
        await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = "đăng ký kết hôn ở đâu" });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var buffer = new byte[64 * 1024];
        var answered = false;
        while (!answered)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
            answered = text.Contains("\"procedure\":\"1.000894\"", StringComparison.Ordinal);
        }
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task OneAddressCannotGetAroundTheBoundWithNewConversations()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var (conversationId, client, _) = await _factory.StartConversationAsync();
            for (var j = 0; j < 4; j++)
            {
                statuses.Add((await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = $"hello {i}.{j}" })).StatusCode);
            }
        }

        // Four per conversation is under its bound of five; sixteen from one address is over its bound of twelve.
        Assert.Equal(12, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task ACitizenCannotPostAsStaffOrTheBot()
    {
        var (conversationId, client, _) = await _factory.StartConversationAsync();

        foreach (var id in new[] { "staff", "Staff", "citizenhelper" })
        {
            await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = $"as {id}", from = new { id, role = "bot" } });
        }
        await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = "as me", from = new { id = "dl_abc" } });

        var posted = (await client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities")).GetProperty("activities").EnumerateArray()
            .Where(a => a.GetProperty("from").GetProperty("role").GetString() == "user" || (a.TryGetProperty("text", out var t) && t.GetString()!.StartsWith("as ", StringComparison.Ordinal)))
            .ToDictionary(a => a.GetProperty("text").GetString()!, a => (Id: a.GetProperty("from").GetProperty("id").GetString(), Role: a.GetProperty("from").GetProperty("role").GetString()));
        Assert.All(posted.Values, from => Assert.Equal("user", from.Role));
        Assert.Equal("user", posted["as staff"].Id);
        Assert.Equal("user", posted["as Staff"].Id);
        Assert.Equal("user", posted["as citizenhelper"].Id);
        Assert.Equal("dl_abc", posted["as me"].Id);
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace CitizenHelper.Web.Tests.Fuzz;

/// <summary>
/// Damaged and random bodies sent to the endpoints that read what a client writes: Direct Line activities, Direct
/// Line uploads (multipart), and Bot Framework activities on /api/messages. The service answers each with 2xx or a
/// 4xx problem, never 5xx; no turn fails with an error; and afterwards a fresh conversation is still answered.
/// </summary>
public sealed class EndpointFuzzTests(EndpointFuzzTests.Service service) : IClassFixture<EndpointFuzzTests.Service>
{
    private static readonly int[] ProblemStatuses = [400, 413, 415, 429];

    private static readonly string[] ValidActivities =
    [
        """{"type":"message","id":"cli-1","text":"Đăng ký khai sinh cần giấy tờ gì?","textFormat":"plain","locale":"vi-VN","timestamp":"2026-11-23T08:00:00Z","localTimestamp":"2026-11-23T15:00:00+07:00","from":{"id":"dl_user","name":"Lan","role":"user"},"channelData":{"clientActivityID":"abc123","clientTimestamp":"2026-11-23T08:00:00Z"},"entities":[{"type":"ClientCapabilities","requiresBotState":true,"supportsListening":false}]}""",
        """{"type":"message","text":"https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193","attachments":[{"contentType":"image/png","contentUrl":"https://example.gov.vn/a.png","name":"a.png"}],"suggestedActions":{"to":["x"],"actions":[{"type":"imBack","title":"Có","value":"Có"}]}}""",
        """{"type":"message","text":"","value":{"action":"rate","rating":5,"procedure":"1.000894"},"replyToId":"r-1","locale":"en-US"}""",
        """{"type":"event","name":"webchat/join","value":{"language":"vi-VN","p":"1.000894","mode":"guided"}}""",
        """{"type":"message","text":"lệ phí chứng thực bản sao","membersAdded":[{"id":"a"}],"recipient":{"id":"bot"},"conversation":{"id":"other"},"serviceUrl":"https://evil.example"}""",
        """{"type":"typing","from":{"id":"dl_user"}}""",
        """{"type":"conversationUpdate","membersAdded":[{"id":"dl_user","name":"Lan"}]}""",
    ];

    private ErrorLog Errors => service.Errors;
    private FakeChannel Channel => service.Channel;
    private WebApplicationFactory<Program> Factory => service.Factory;

    /// <summary>One service for the class's tests (starting one costs seconds): each test's cases and its check that nothing failed run on it in turn.</summary>
    public sealed class Service : IAsyncLifetime, IDisposable
    {
        private CitizenHelperFactory _service = null!;

        internal ErrorLog Errors { get; } = new();

        internal FakeChannel Channel { get; private set; } = null!;

        internal WebApplicationFactory<Program> Factory { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Channel = await FakeChannel.StartAsync();
            _service = new CitizenHelperFactory(new()
            {
                ["DirectLine:ActivitiesPerMinute"] = "100000",
                ["DirectLine:ActivitiesPerAddressPerMinute"] = "100000",
                ["DirectLine:MaxUploadBytes"] = "262144",
            });
            Factory = _service.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(Errors)));
        }

        public void Dispose() => Errors.Dispose();

        public async Task DisposeAsync()
        {
            await Factory.DisposeAsync();
            await _service.DisposeAsync();
            await Channel.DisposeAsync();
        }
    }

    [Fact]
    public async Task DirectLineActivitiesNeverGet5xx()
    {
        var conversations = new Dictionary<int, (string Id, HttpClient Client)>();

        await Fuzzing.RunAsync("directline-activity", seed: 4701, cases: 400, MakeBody, async body =>
        {
            // A few cases to a conversation, so that turns run side by side as they would for many citizens.
            var (id, client) = await Conversation(conversations, body.Index / 25);
            using var response = await client.SendAsync(Post($"/v3/directline/conversations/{id}/activities", body));
            await AssertAnswered(response);
            if (body.Index % 25 == 24)
            {
                // What was stored is still served back, from the start.
                using var read = await client.GetAsync($"/v3/directline/conversations/{id}/activities");
                Assert.Equal(HttpStatusCode.OK, read.StatusCode);
                // Deeper than System.Text.Json's default of 64: an accepted value may nest 63 deep inside the set.
                JsonDocument.Parse(await read.Content.ReadAsByteArrayAsync(), new JsonDocumentOptions { MaxDepth = 256 }).Dispose();
            }
        }, Show);

        await AssertStillServing();
    }

    [Fact]
    public async Task DirectLineUploadsNeverGet5xx()
    {
        var conversations = new Dictionary<int, (string Id, HttpClient Client)>();

        await Fuzzing.RunAsync("directline-upload", seed: 4702, cases: 200, Upload, async upload =>
        {
            var (id, client) = await Conversation(conversations, upload.Index / 20);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{id}/upload") { Content = new ByteArrayContent(upload.Bytes) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", upload.ContentType);
            using var response = await client.SendAsync(request);
            await AssertAnswered(response);
        }, u => $"Content-Type: {u.ContentType}\n{Convert.ToBase64String(u.Bytes)}");

        await AssertStillServing();
    }

    [Fact]
    public async Task BotFrameworkActivitiesNeverGet5xx()
    {
        using var client = Factory.CreateClient();
        var valid = new[]
        {
            JsonSerializer.Serialize(new
            {
                type = "message", id = "incoming-1", timestamp = DateTimeOffset.UnixEpoch, serviceUrl = Channel.BaseUrl, channelId = "emulator",
                from = new { id = "user-1", name = "Citizen", role = "user" }, recipient = new { id = "bot-1", name = "CitizenHelper", role = "bot" },
                conversation = new { id = "emulator-conv-1" }, text = "Đăng ký khai sinh cần giấy tờ gì?", locale = "vi-VN",
            }),
            JsonSerializer.Serialize(new
            {
                type = "conversationUpdate", serviceUrl = Channel.BaseUrl, channelId = "msteams", conversation = new { id = "teams-conv-2", isGroup = true },
                membersAdded = new[] { new { id = "user-2" } }, recipient = new { id = "bot-1" }, channelData = new { tenant = new { id = "t" } },
            }),
        };

        await Fuzzing.RunAsync("api-messages", seed: 4703, cases: 250, (m, i) => new Body(i, i % 10 == 9 ? m.RandomBytes() : Encoding.UTF8.GetBytes(m.MutateJson(m.Pick(valid))), "application/json", i % 7 == 3), async body =>
        {
            using var response = await client.SendAsync(Post("/api/messages", body));
            await AssertAnswered(response);
        }, Show);

        await AssertStillServing();
    }

    [Fact]
    public async Task AChannelRetryingAnActivityGetsOkAndOneAnswer()
    {
        // Found by the fuzzing (api-messages seed 4703 case 34): the same activity twice was a 500 (UNIQUE ActivityId).
        using var client = Factory.CreateClient();
        var activity = new { type = "message", id = "retried-1", serviceUrl = Channel.BaseUrl, channelId = "emulator", from = new { id = "user-1" }, conversation = new { id = "retry-conv" }, text = "lệ phí chứng thực bản sao" };

        using var first = await client.PostAsJsonAsync("/api/messages", activity);
        using var again = await client.PostAsJsonAsync("/api/messages", activity);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(Channel.Replies, r => r.Activity.TryGetProperty("replyToId", out var to) && to.GetString() == "retried-1" && r.Activity.GetProperty("type").GetString() == "message");
    }

    [Fact]
    public async Task AnEscapedLoneSurrogateIsABadArgument()
    {
        // Found by the fuzzing (directline-activity seed 4701 case 55; api-messages seed 4703 case 34): an escaped lone
        // surrogate in a JsonElement property was accepted, then failed with 500 when the activity was written back out.
        var (id, client) = await Conversation([], 0);
        var cases = new[]
        {
            ($"/v3/directline/conversations/{id}/activities", """{"type":"message","text":"","value":{"action":"rate","rating":-1,"procedure":"a\udfff"},"replyToId":"r-1"}"""),
            ($"/v3/directline/conversations/{id}/activities", """{"type":"message","text":"x","channelData":{"\ud800":1}}"""),
            ("/api/messages", """{"type":"message","serviceUrl":"http://127.0.0.1:1","conversation":{"id":"c"},"channelData":{"tenant":"\udfff"}}"""),
        };

        foreach (var (path, json) in cases)
        {
            using var response = await client.SendAsync(Post(path, new Body(0, Encoding.UTF8.GetBytes(json), "application/json", false)));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        await AssertStillServing();
    }

    private sealed record Body(int Index, byte[] Bytes, string? ContentType, bool Chunked);

    private sealed record UploadBody(int Index, byte[] Bytes, string ContentType);

    private static Body MakeBody(Mutator m, int i) => (i % 20) switch
    {
        19 => new Body(i, m.RandomBytes(), "application/json", false),
        18 => new Body(i, Encoding.UTF8.GetBytes(m.DeepJson()), "application/json", i % 3 == 0),
        17 => new Body(i, m.MutateBytes(Encoding.UTF8.GetBytes(m.Pick(ValidActivities))), m.Pick(["application/json", "text/plain", "application/json; charset=iso-8859-1", "multipart/form-data; boundary=x"]), false),
        16 => new Body(i, Encoding.UTF8.GetBytes(m.MutateText(m.Pick(ValidActivities))), null, i % 3 == 0),
        _ => new Body(i, Encoding.UTF8.GetBytes(m.MutateJson(m.Pick(ValidActivities))), "application/json", i % 7 == 3),
    };

    private static UploadBody Upload(Mutator m, int i)
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0 };
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF");
        var jpeg = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9 };
        const string boundary = "----fuzzboundary7MA4YWxkTrZu0gW";
        var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        if (i % 3 != 0)
        {
            var activity = i % 4 == 1 ? m.MutateJson(m.Pick(ValidActivities)) : m.Pick(ValidActivities);
            Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"activity\"; filename=\"blob\"\r\nContent-Type: application/vnd.microsoft.activity\r\n\r\n{activity}\r\n");
        }
        var files = i % 11 == 5 ? m.Random.Next(0, 6) : 1;
        for (var f = 0; f < files; f++)
        {
            var content = m.Pick([png, pdf, jpeg]);
            content = m.Random.Next(3) switch
            {
                0 => content,
                1 => m.MutateBytes(content),
                _ => [.. content, .. new byte[m.Random.Next(0, 300_000)]],
            };
            var name = m.Random.Next(4) switch
            {
                0 => "photo.png",
                1 => m.Oddity() + "../../etc/passwd" + m.Oddity(),
                2 => new string('n', m.Random.Next(150, 5_000)) + ".pdf",
                _ => m.MutateText("ảnh chụp mã QR.jpg").Replace("\"", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal),
            };
            Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: image/png\r\n\r\n");
            body.Write(content);
            Write("\r\n");
        }
        Write($"--{boundary}--\r\n");
        var bytes = body.ToArray();
        return (i % 10) switch
        {
            9 => new UploadBody(i, m.RandomBytes(), $"multipart/form-data; boundary={boundary}"),
            8 => new UploadBody(i, m.MutateBytes(bytes), $"multipart/form-data; boundary={boundary}"),
            7 => new UploadBody(i, bytes, m.Pick(["multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"" + new string('b', 200) + "\"", "application/json", "text/plain", "multipart/mixed; boundary=" + boundary])),
            _ => new UploadBody(i, bytes, $"multipart/form-data; boundary={boundary}"),
        };
    }

    private static HttpRequestMessage Post(string path, Body body)
    {
        HttpContent content = body.Chunked ? new StreamContent(new MemoryStream(body.Bytes)) : new ByteArrayContent(body.Bytes);
        if (body.ContentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
        }
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    private static string Show(Body body) => $"Content-Type: {body.ContentType}, chunked: {body.Chunked}\n{Encoding.UTF8.GetString(body.Bytes)}";

    /// <summary>2xx, or 4xx; a refusal of the body (400, 413, 415, 429) is a problem document.</summary>
    private static async Task AssertAnswered(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        Assert.True(status is >= 200 and < 500, $"{status}: {await response.Content.ReadAsStringAsync()}");
        if (ProblemStatuses.Contains(status))
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    private async Task<(string Id, HttpClient Client)> Conversation(Dictionary<int, (string Id, HttpClient Client)> conversations, int key)
    {
        if (!conversations.TryGetValue(key, out var conversation))
        {
            using var secret = Factory.CreateClient();
            secret.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CitizenHelperFactory.Secret);
            var started = await (await secret.PostAsync("/v3/directline/conversations", null)).Content.ReadFromJsonAsync<JsonElement>();
            var client = Factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", started.GetProperty("token").GetString());
            conversations[key] = conversation = (started.GetProperty("conversationId").GetString()!, client);
        }
        return conversation;
    }

    /// <summary>The service is healthy, a new conversation's question is answered, and no turn or request failed with an error.</summary>
    private async Task AssertStillServing()
    {
        using var plain = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/healthz")).StatusCode);
        var (id, client) = await Conversation([], 0);
        using var posted = await client.PostAsJsonAsync($"/v3/directline/conversations/{id}/activities", new { type = "message", text = "đăng ký kết hôn ở đâu" });
        posted.EnsureSuccessStatusCode();
        var postedId = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await Eventually.GetAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{id}/activities")).GetProperty("activities").EnumerateArray()
                .Any(a => a.TryGetProperty("replyToId", out var r) && r.GetString() == postedId),
            answered => answered, "the answer after the fuzzing");
        Assert.True(Errors.Errors.IsEmpty, string.Join("\n\n", Errors.Errors.Take(3)));
    }

    /// <summary>Every error the service logs (a failed turn, an unhandled request exception).</summary>
    internal sealed class ErrorLog : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Errors { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            // On a fresh PostgreSQL database EF logs its probe of the not-yet-created migrations table as an error,
            // then creates it: start-up noise of the provider, not a request the service failed.
            if (logLevel >= LogLevel.Error && !message.Contains("__EFMigrationsHistory", StringComparison.Ordinal))
            {
                Errors.Enqueue($"{message}\n{exception}");
            }
        }

        public void Dispose()
        {
        }
    }
}

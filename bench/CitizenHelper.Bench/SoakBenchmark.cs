using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;

namespace CitizenHelper.Bench;

/// <summary>
/// A soak: N Direct Line conversations for M minutes against the Release service on loopback (started as the load
/// benchmark starts it), each asking, waiting for the bot's reply, pausing as a reader would, and asking again. Half
/// the conversations read over the WebSocket stream, half poll GET activities; each reconnects now and then (a new
/// stream from its watermark, or a refreshed token) as a phone that loses its connection does. Reported: messages
/// sent, replies received, lost (never arrived), duplicated (an activity delivered twice, or a second reply to one
/// message), latency percentiles, the service's resident memory over the run, and errors. Exit code 1 when a reply
/// is lost or duplicated.
/// </summary>
internal static class SoakBenchmark
{
    private static readonly TimeSpan ReplyWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReconnectEvery = TimeSpan.FromSeconds(60);

    public static int Run(string[] args)
    {
        var conversations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var minutes = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        return RunAsync(conversations, TimeSpan.FromMinutes(minutes)).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int conversations, TimeSpan duration)
    {
        Console.WriteLine($"soak: {conversations} conversations ({(conversations + 1) / 2} WebSocket, {conversations / 2} polling) for {duration.TotalMinutes:F0} min, {Environment.ProcessorCount} cores, load average {LoadAverage()}, started {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        using var service = LoadBenchmark.ServiceProcess.Start(postgres: null);
        await service.WaitHealthyAsync();
        var stats = new Stats();
        var rss = new List<(TimeSpan At, long Bytes)> { (TimeSpan.Zero, service.ResidentBytes) };
        Console.WriteLine($"  service healthy; RSS {Mb(rss[0].Bytes)}");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = new Uri(service.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        var watch = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration);
        var sampling = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30));
            while (await timer.WaitForNextTickAsync(CancellationToken.None) && !stop.IsCancellationRequested)
            {
                var bytes = service.ResidentBytes;
                lock (rss)
                {
                    rss.Add((watch.Elapsed, bytes));
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {watch.Elapsed:mm\\:ss} sent {stats.Sent} replied {stats.Replied} waiting {stats.Sent - stats.Replied} duplicated {stats.Duplicated} errors {stats.ErrorCount} RSS {Mb(bytes)} load {LoadAverage()}"));
            }
        });
        await Task.WhenAll(Enumerable.Range(0, conversations).Select(n => Task.Run(async () =>
        {
            using var conversation = new SoakConversation(http, n, n % 2 == 0, stats);
            await conversation.RunAsync(stop.Token);
        })));
        var end = service.ResidentBytes;
        await sampling;

        var sorted = stats.Latencies.Order().ToArray();
        double At(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        var lost = stats.Sent - stats.Replied;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            soak result ({watch.Elapsed.TotalMinutes:F1} min, load average at the end {LoadAverage()}):
              messages sent      {stats.Sent:N0} ({stats.Sent / watch.Elapsed.TotalSeconds:F1}/s)
              replies received   {stats.Replied:N0} (of which {stats.Late} after {ReplyWait.TotalSeconds:F0} s)
              lost               {lost}
              duplicated         {stats.Duplicated}
              latency            p50 {At(0.5):F0} ms  p99 {At(0.99):F0} ms  max {(sorted.Length == 0 ? 0 : sorted[^1]):F0} ms
              reconnects         {stats.Reconnects} (WebSocket streams reopened from their watermark, polling tokens refreshed)
              RSS                start {Mb(rss[0].Bytes)}, end {Mb(end)}, growth {Mb(end - rss[0].Bytes)}; every 30 s: {string.Join(' ', rss.Select(r => Mb(r.Bytes).Replace(" MB", "", StringComparison.Ordinal)))} MB
              errors             {stats.ErrorCount}{string.Concat(stats.Errors.OrderByDescending(e => e.Value).Take(8).Select(e => $"\n    {e.Value} × {e.Key}"))}
            """));
        return lost > 0 || stats.Duplicated > 0 ? 1 : 0;
    }

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:F0} MB");

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    internal sealed class Stats
    {
        private int _sent;
        private int _replied;
        private int _late;
        private int _duplicated;
        private int _reconnects;
        private int _errors;

        public int Sent => _sent;
        public int Replied => _replied;
        public int Late => _late;
        public int Duplicated => _duplicated;
        public int Reconnects => _reconnects;
        public int ErrorCount => _errors;
        public ConcurrentBag<double> Latencies { get; } = [];
        public ConcurrentDictionary<string, int> Errors { get; } = new(StringComparer.Ordinal);

        public void CountSent() => Interlocked.Increment(ref _sent);
        public void CountReplied() => Interlocked.Increment(ref _replied);
        public void CountLate() => Interlocked.Increment(ref _late);
        public void CountDuplicated() => Interlocked.Increment(ref _duplicated);
        public void CountReconnect() => Interlocked.Increment(ref _reconnects);

        public void Error(string what)
        {
            Interlocked.Increment(ref _errors);
            Errors.AddOrUpdate(what, 1, (_, n) => n + 1);
        }
    }

    /// <summary>One citizen: a conversation, a reader (stream or polling), and questions one after another.</summary>
    private sealed class SoakConversation(HttpClient http, int number, bool webSocket, Stats stats) : IDisposable
    {
        private readonly ConcurrentDictionary<string, long> _sentAt = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, long> _replied = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, byte> _counted = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);
        private readonly SemaphoreSlim _arrived = new(0);
        private readonly Random _random = new(number);
        private string _conversationId = "";
        private string _token = "";
        private string? _watermark;
        private string? _streamUrl;
        private Task? _reader;
        private CancellationTokenSource? _readerStop;

        public void Dispose()
        {
            _arrived.Dispose();
            _readerStop?.Dispose();
        }

        public async Task RunAsync(CancellationToken stop)
        {
            try
            {
                await StartAsync();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
            {
                stats.Error($"start: {e.GetType().Name}");
                return;
            }
            var reconnectAt = Stopwatch.GetTimestamp() + (long)(ReconnectEvery.TotalSeconds * (0.5 + _random.NextDouble()) * Stopwatch.Frequency);
            _readerStop = new CancellationTokenSource();
            _reader = webSocket ? StreamAsync(_streamUrl!, _readerStop.Token) : PollAsync(_readerStop.Token);
            var i = number;
            while (!stop.IsCancellationRequested)
            {
                if (Stopwatch.GetTimestamp() > reconnectAt)
                {
                    await ReconnectAsync();
                    reconnectAt = Stopwatch.GetTimestamp() + (long)(ReconnectEvery.TotalSeconds * (0.5 + _random.NextDouble()) * Stopwatch.Frequency);
                }
                var id = await AskAsync(LoadBenchmark.Questions[i++ % LoadBenchmark.Questions.Length]);
                if (id is not null)
                {
                    await WaitForReplyAsync(id);
                }
                // A citizen reads the answer before asking again.
                await Task.Delay(TimeSpan.FromMilliseconds(_random.Next(500, 2_500)), CancellationToken.None);
            }
            // Stopped: replies still on their way get the usual wait before they count as lost.
            var deadline = Stopwatch.GetTimestamp() + (long)(ReplyWait.TotalSeconds * Stopwatch.Frequency);
            while (_sentAt.Keys.Any(k => !_replied.ContainsKey(k)) && Stopwatch.GetTimestamp() < deadline)
            {
                await _arrived.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
            await _readerStop.CancelAsync();
            await _reader;
        }

        /// <summary>
        /// The connection drops and comes back: the stream is closed and a new one opened from the last watermark (as
        /// Web Chat does with GET conversations/{id}?watermark=), or the polling client refreshes its token.
        /// </summary>
        private async Task ReconnectAsync()
        {
            await _readerStop!.CancelAsync();
            await _reader!;
            _readerStop.Dispose();
            _readerStop = new CancellationTokenSource();
            try
            {
                using var request = webSocket
                    ? new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{_conversationId}?watermark={_watermark}")
                    : new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/refresh");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
                using var response = await http.SendAsync(request);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                _token = body.GetProperty("token").GetString()!;
                if (webSocket)
                {
                    _streamUrl = body.GetProperty("streamUrl").GetString();
                }
                stats.CountReconnect();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
            {
                stats.Error($"reconnect: {e.GetType().Name}");
            }
            _reader = webSocket ? StreamAsync(_streamUrl!, _readerStop.Token) : PollAsync(_readerStop.Token);
        }

        private async Task StartAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations")
            {
                Content = JsonContent.Create(new { user = new { id = $"soak-{number}" } }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", LoadBenchmark.Secret);
            using var started = await http.SendAsync(request);
            started.EnsureSuccessStatusCode();
            var start = await started.Content.ReadFromJsonAsync<JsonElement>();
            _conversationId = start.GetProperty("conversationId").GetString()!;
            _token = start.GetProperty("token").GetString()!;
            _streamUrl = start.GetProperty("streamUrl").GetString();
        }

        private async Task<string?> AskAsync(string text)
        {
            try
            {
                using var post = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{_conversationId}/activities")
                {
                    Content = JsonContent.Create(new { type = "message", text, from = new { id = $"soak-{number}" } }),
                };
                post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
                var sent = Stopwatch.GetTimestamp();
                using var posted = await http.SendAsync(post);
                if (!posted.IsSuccessStatusCode)
                {
                    stats.Error($"post: {(int)posted.StatusCode}");
                    return null;
                }
                var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
                _sentAt[id] = sent;
                stats.CountSent();
                Settle(id);
                return id;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                stats.Error($"post: {e.GetType().Name}");
                return null;
            }
        }

        private async Task WaitForReplyAsync(string id)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(ReplyWait.TotalSeconds * Stopwatch.Frequency);
            while (!_replied.ContainsKey(id) && Stopwatch.GetTimestamp() < deadline)
            {
                await _arrived.WaitAsync(TimeSpan.FromMilliseconds(250));
            }
        }

        private void Settle(string id)
        {
            if (_sentAt.TryGetValue(id, out var sent) && _replied.TryGetValue(id, out var arrived) && _counted.TryAdd(id, 0))
            {
                var latency = Stopwatch.GetElapsedTime(sent, Math.Max(sent, arrived));
                stats.Latencies.Add(latency.TotalMilliseconds);
                stats.CountReplied();
                if (latency > ReplyWait)
                {
                    stats.CountLate();
                }
            }
        }

        /// <summary>An activity set from the stream or a poll: counts each bot reply once, and any repeat.</summary>
        private void Receive(JsonElement set)
        {
            foreach (var activity in set.GetProperty("activities").EnumerateArray())
            {
                if (activity.TryGetProperty("id", out var idElement) && idElement.GetString() is { } activityId && !_seen.TryAdd(activityId, 0))
                {
                    stats.CountDuplicated();
                    continue;
                }
                if (activity.GetProperty("type").GetString() != "message" || !activity.TryGetProperty("replyToId", out var replyTo)
                    || activity.GetProperty("from").GetProperty("role").GetString() != "bot" || replyTo.GetString() is not { } key)
                {
                    continue;
                }
                if (!_replied.TryAdd(key, Stopwatch.GetTimestamp()))
                {
                    stats.CountDuplicated();
                }
                else
                {
                    // The stream may bring the reply before the POST's response gives its id: counted when both are known.
                    Settle(key);
                }
                _arrived.Release();
            }
            if (set.TryGetProperty("watermark", out var watermark) && watermark.ValueKind == JsonValueKind.String)
            {
                _watermark = watermark.GetString();
            }
        }

        private async Task StreamAsync(string url, CancellationToken cancel)
        {
            using var socket = new ClientWebSocket();
            try
            {
                await socket.ConnectAsync(new Uri(url), cancel);
                var buffer = new byte[256 * 1024];
                while (!cancel.IsCancellationRequested)
                {
                    var count = 0;
                    ValueWebSocketReceiveResult frame;
                    do
                    {
                        frame = await socket.ReceiveAsync(buffer.AsMemory(count), cancel);
                        count += frame.Count;
                    }
                    while (!frame.EndOfMessage);
                    if (frame.MessageType == WebSocketMessageType.Close)
                    {
                        stats.Error("stream closed by the service");
                        return;
                    }
                    if (count > 0)
                    {
                        using var set = JsonDocument.Parse(buffer.AsMemory(0, count));
                        Receive(set.RootElement);
                    }
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                // Closed by us: a reconnect, or the end.
            }
            catch (Exception e) when (e is WebSocketException or JsonException)
            {
                stats.Error($"stream: {e.GetType().Name}");
            }
            finally
            {
                if (socket.State == WebSocketState.Open)
                {
                    using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    try
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, closing.Token);
                    }
                    catch (Exception e) when (e is WebSocketException or OperationCanceledException)
                    {
                        // Gone already.
                    }
                }
            }
        }

        private async Task PollAsync(CancellationToken cancel)
        {
            while (!cancel.IsCancellationRequested)
            {
                try
                {
                    using var get = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{_conversationId}/activities?watermark={_watermark}");
                    get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
                    using var response = await http.SendAsync(get, cancel);
                    if (response.IsSuccessStatusCode)
                    {
                        Receive(await response.Content.ReadFromJsonAsync<JsonElement>(cancel));
                    }
                    else
                    {
                        stats.Error($"poll: {(int)response.StatusCode}");
                    }
                    // Web Chat polls every second by default.
                    await Task.Delay(TimeSpan.FromSeconds(1), cancel);
                }
                catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
                {
                    stats.Error($"poll: {e.GetType().Name}");
                }
            }
        }
    }
}

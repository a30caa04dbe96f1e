using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CitizenHelper.Bench;

/// <summary>
/// N concurrent Direct Line conversations over WebSockets, each asking questions one after another and waiting for
/// the bot's reply: answered messages per second, latency percentiles, lost and duplicated replies. The same
/// generator also measures a bare Kestrel endpoint that echoes a reply at once, and the ratio is reported.
/// Run after <c>dotnet build -c Release</c>: it starts the Release build of the service on loopback.
/// With <c>--rate R</c> the conversations together offer R messages a second, each on its own schedule, and latency
/// is counted from the scheduled time (so a late send counts against the server). Without it every conversation
/// asks again as soon as it is answered; then, by Little's law, latency is simply conversations ÷ rate and says
/// nothing about how fast one answer is.
/// </summary>
internal static class LoadBenchmark
{
    internal const string Secret = "load-benchmark-secret-0123456789-abcdefghijklmnop";
    internal static readonly string[] Questions =
    [
        "Đăng ký khai sinh cần giấy tờ gì?", "lệ phí chứng thực bản sao", "đăng ký kết hôn ở đâu", "how long does residence registration take",
        "khai tử cần giấy tờ gì", "làm căn cước ở đâu", "thời hạn cấp giấy xác nhận tình trạng hôn nhân", "đăng ký tạm trú cần gì",
    ];

    public static int Run(string[] args)
    {
        var rate = 0.0;
        var positional = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--rate" && i + 1 < args.Length)
            {
                rate = double.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else
            {
                positional.Add(args[i]);
            }
        }
        var conversations = positional.Count > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 200;
        var seconds = positional.Count > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 20;
        // Optional: a PostgreSQL connection string (its user may create databases); the service then runs on a fresh
        // database there instead of a SQLite file.
        var postgres = positional.Count > 2 ? positional[2] : null;
        return RunAsync(conversations, TimeSpan.FromSeconds(seconds), rate, postgres).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int conversations, TimeSpan duration, double rate, string? postgres)
    {
        var offered = rate > 0 ? string.Create(CultureInfo.InvariantCulture, $"{rate:N0} messages/s offered") : "each asks again when answered";
        Console.WriteLine($"load: {conversations} conversations, {offered}, {duration.TotalSeconds:F0} s measured after a warm-up, {Environment.ProcessorCount} cores, generator in this process, database {(postgres is null ? "SQLite" : "PostgreSQL")}");
        await using (var bare = await BareEndpoint.StartAsync())
        {
            var bareResult = await Generate(bare.BaseUrl, conversations, duration, rate);
            Report("bare Kestrel echo ", bareResult);
            using var service = ServiceProcess.Start(postgres);
            await service.WaitHealthyAsync();
            var ours = await Generate(service.BaseUrl, conversations, duration, rate, () => service.CpuTime);
            Report("CitizenHelper     ", ours);
            // A stall (a collection, a disk flush, a starved thread pool) shows as one bad second among good ones.
            Console.WriteLine($"  slowest answer in each second (ms): {ours.WorstPerSecond}");
            // The service's own CPU per answered message in the second half of the run (conversations set up)
            // tells what rate both cores could give it, which a shared or busy machine cannot show directly.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  service CPU: {ours.CpuMsPerAnswer:F2} ms per answered message = at most {Environment.ProcessorCount * 1000 / ours.CpuMsPerAnswer:N0} answered/s with {Environment.ProcessorCount} cores to itself"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio: CitizenHelper answers {ours.PerSecond / bareResult.PerSecond:P0} of the bare endpoint's rate"));
        }
        return 0;
    }

    internal sealed record Result(int Answered, int Lost, int Duplicated, double PerSecond, double P50, double P99, double Max, double CpuMsPerAnswer, string WorstPerSecond);

    internal static void Report(string name, Result r) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {name} {r.PerSecond,8:N0} answered/s  p50 {r.P50,6:F1} ms  p99 {r.P99,6:F1} ms  max {r.Max,7:F1} ms  lost {r.Lost}  duplicated {r.Duplicated}"));

    private static Task<Result> Generate(string baseUrl, int conversations, TimeSpan duration, double rate, Func<TimeSpan>? cpuTime = null) =>
        Generate([baseUrl], conversations, duration, rate, cpuTime);

    /// <summary>
    /// With several instances, conversation n is started (and its stream held) on instance n mod k and posts to the
    /// next one: every reply reaches its stream through the relay between instances, the least favourable case.
    /// </summary>
    internal static async Task<Result> Generate(IReadOnlyList<string> baseUrls, int conversations, TimeSpan duration, double rate, Func<TimeSpan>? cpuTime = null)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(30) };
        var latencies = new ConcurrentBag<double>();
        var worstPerSecond = new ConcurrentDictionary<int, double>();
        var lost = 0;
        var duplicated = 0;
        // The first seconds (conversations opening, code compiled on first use) are run but not counted: a paced run
        // would otherwise carry their backlog through the whole measurement.
        var warmUp = TimeSpan.FromSeconds(Math.Min(5, duration.TotalSeconds / 4));
        var stop = DateTime.UtcNow + warmUp + duration;
        var measureFrom = Stopwatch.GetTimestamp() + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var watch = Stopwatch.StartNew();
        var halfway = Task.Delay(warmUp + (duration / 2)).ContinueWith(_ => (Cpu: cpuTime?.Invoke() ?? TimeSpan.Zero, Answered: latencies.Count), TaskScheduler.Default);
        await Task.WhenAll(Enumerable.Range(0, conversations).Select(async n =>
        {
            var streamOn = baseUrls[n % baseUrls.Count];
            var postTo = baseUrls[(n + 1) % baseUrls.Count];
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{streamOn}/v3/directline/conversations");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
            using var started = await http.SendAsync(request);
            if (!started.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"Starting a conversation on {streamOn}: {(int)started.StatusCode} {await started.Content.ReadAsStringAsync()}");
            }
            var start = await started.Content.ReadFromJsonAsync<JsonElement>();
            var conversationId = start.GetProperty("conversationId").GetString()!;
            var token = start.GetProperty("token").GetString()!;
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(start.GetProperty("streamUrl").GetString()!), CancellationToken.None);
            var waiting = new ConcurrentDictionary<string, TaskCompletionSource>();
            var answered = new ConcurrentDictionary<string, byte>();
            using var closing = new CancellationTokenSource();
            var receiving = Task.Run(async () =>
            {
                var buffer = new byte[256 * 1024];
                try
                {
                    while (!closing.IsCancellationRequested)
                    {
                        var count = 0;
                        ValueWebSocketReceiveResult frame;
                        do
                        {
                            frame = await socket.ReceiveAsync(buffer.AsMemory(count), closing.Token);
                            count += frame.Count;
                        }
                        while (!frame.EndOfMessage);
                        if (frame.MessageType == WebSocketMessageType.Close || count == 0)
                        {
                            continue;
                        }
                        using var set = JsonDocument.Parse(buffer.AsMemory(0, count));
                        foreach (var activity in set.RootElement.GetProperty("activities").EnumerateArray())
                        {
                            if (activity.GetProperty("type").GetString() == "message" && activity.TryGetProperty("replyToId", out var replyTo)
                                && activity.GetProperty("from").GetProperty("role").GetString() == "bot")
                            {
                                var key = replyTo.GetString()!;
                                if (!answered.TryAdd(key, 0))
                                {
                                    Interlocked.Increment(ref duplicated);
                                }
                                else if (waiting.TryGetValue(key, out var done))
                                {
                                    done.TrySetResult();
                                }
                            }
                        }
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or WebSocketException)
                {
                    // The conversation is over.
                }
            });

            var i = n;
            // Paced: this conversation's turn comes every conversations/rate seconds, starting at a random offset.
            var interval = rate > 0 ? conversations / rate * Stopwatch.Frequency : 0;
            var next = Stopwatch.GetTimestamp() + (long)(Random.Shared.NextDouble() * interval);
            while (DateTime.UtcNow < stop)
            {
                if (interval > 0)
                {
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }
                }
                var sent = interval > 0 ? next : Stopwatch.GetTimestamp();
                next += (long)interval;
                using var post = new HttpRequestMessage(HttpMethod.Post, $"{postTo}/v3/directline/conversations/{conversationId}/activities")
                {
                    Content = JsonContent.Create(new { type = "message", text = Questions[i++ % Questions.Length], from = new { id = $"load-{n}" } }),
                };
                post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var posted = await http.SendAsync(post);
                var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
                var done = waiting.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                if (answered.ContainsKey(id))
                {
                    done.TrySetResult();
                }
                if (await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(10))) != done.Task)
                {
                    Interlocked.Increment(ref lost);
                    continue;
                }
                if (sent >= measureFrom)
                {
                    var latency = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                    latencies.Add(latency);
                    worstPerSecond.AddOrUpdate((int)((sent - measureFrom) / Stopwatch.Frequency), latency, (_, worst) => Math.Max(worst, latency));
                }
            }
            await closing.CancelAsync();
            await receiving;
        }));
        var elapsed = (watch.Elapsed - warmUp).TotalSeconds;
        var (cpuHalfway, answeredHalfway) = await halfway;
        var cpuMsPerAnswer = ((cpuTime?.Invoke() ?? TimeSpan.Zero) - cpuHalfway).TotalMilliseconds / Math.Max(1, latencies.Count - answeredHalfway);
        var sorted = latencies.Order().ToArray();
        double At(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        var timeline = string.Join(' ', worstPerSecond.OrderBy(w => w.Key).Select(w => w.Value.ToString("F0", CultureInfo.InvariantCulture)));
        return new Result(sorted.Length, lost, duplicated, sorted.Length / elapsed, At(0.5), At(0.99), sorted.Length == 0 ? 0 : sorted[^1], cpuMsPerAnswer, timeline);
    }

    /// <summary>The release build of the service, started on a free loopback port with its own database.</summary>
    internal sealed class ServiceProcess : IDisposable
    {
        private readonly Process _process;
        private readonly string _folder;
        private readonly string? _postgres;

        private ServiceProcess(Process process, string folder, string? postgres, string baseUrl)
        {
            _process = process;
            _folder = folder;
            _postgres = postgres;
            BaseUrl = baseUrl;
        }

        public string BaseUrl { get; }

        /// <summary>The service's resident memory now (bytes).</summary>
        public long ResidentBytes
        {
            get
            {
                _process.Refresh();
                return _process.WorkingSet64;
            }
        }

        /// <summary>CPU time the service has used so far (all its threads).</summary>
        public TimeSpan CpuTime
        {
            get
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
        }

        /// <param name="postgres">A PostgreSQL connection string: the service gets a fresh database there (dropped at the end), or, with <paramref name="shared"/>, uses the one it names (several instances on one database; not dropped).</param>
        /// <param name="shared">Instances:Shared=true (several instances on one PostgreSQL database).</param>
        public static ServiceProcess Start(string? postgres, bool shared = false)
        {
            // CITIZENHELPER_BENCH_SERVICE: another build of the service to start, such as a published one (ReadyToRun or not).
            var dll = Path.GetFullPath(Environment.GetEnvironmentVariable("CITIZENHELPER_BENCH_SERVICE") is { Length: > 0 } other
                ? other
                : Path.Combine("src", "CitizenHelper.Web", "bin", "Release", "net10.0", "CitizenHelper.Web.dll"));
            if (!File.Exists(dll))
            {
                throw new FileNotFoundException("Run `dotnet build -c Release` at the repository root first; the benchmark starts the Release build.", dll);
            }
            var folder = Directory.CreateTempSubdirectory("citizenhelper-load-").FullName;
            var port = FreePort();
            var info = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            if (postgres is null)
            {
                info.Environment["ConnectionStrings__CitizenHelper"] = $"Data Source={Path.Combine(folder, "load.db")}";
            }
            else
            {
                // A database of its own, created by the service's migrations and dropped afterwards.
                var connection = shared ? postgres : new Npgsql.NpgsqlConnectionStringBuilder(postgres) { Database = $"citizenhelper_load_{Guid.NewGuid():N}" }.ConnectionString;
                info.Environment["Storage__Provider"] = "PostgreSql";
                info.Environment["ConnectionStrings__CitizenHelper"] = connection;
                info.Environment["Instances__Shared"] = shared ? "true" : "false";
                postgres = shared ? null : connection;
            }
            info.Environment["DirectLine__Secret"] = Secret;
            info.Environment["DirectLine__ActivitiesPerMinute"] = "1000000";
            info.Environment["DirectLine__ActivitiesPerAddressPerMinute"] = "100000000";
            info.Environment["Logging__LogLevel__Default"] = "Warning";
            var process = Process.Start(info)!;
            // Logs at Warning and above only (set below): worth showing, a failure's reason among them.
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine($"  service: {e.Data}"); } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine($"  service: {e.Data}"); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return new ServiceProcess(process, folder, postgres, $"http://127.0.0.1:{port}");
        }

        public async Task WaitHealthyAsync()
        {
            using var http = new HttpClient();
            for (var i = 0; i < 240; i++)
            {
                try
                {
                    if ((await http.GetAsync(new Uri($"{BaseUrl}/healthz"))).IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(500);
            }
            throw new TimeoutException("The service did not become healthy.");
        }

        public void Dispose()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            _process.Dispose();
            Directory.Delete(_folder, recursive: true);
            if (_postgres is not null)
            {
                var database = new Npgsql.NpgsqlConnectionStringBuilder(_postgres);
                var name = database.Database;
                database.Database = "postgres";
                using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
                connection.Open();
                using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                drop.ExecuteNonQuery();
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    /// <summary>The least a Direct Line server can do: accept a message and push a reply at once. The yardstick.</summary>
    private sealed class BareEndpoint : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<string, WebSocket> _sockets = new();

        private BareEndpoint(WebApplication app) => _app = app;

        public string BaseUrl => _app.Urls.Single();

        public static async Task<BareEndpoint> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var bare = new BareEndpoint(app);
            app.UseWebSockets();
            app.MapPost("/v3/directline/conversations", (HttpRequest request) =>
            {
                var id = Guid.NewGuid().ToString("N");
                return Results.Json(new { conversationId = id, token = "t", expires_in = 1800, streamUrl = $"ws://{request.Host}/stream/{id}" });
            });
            app.Map("/stream/{id}", async (HttpContext context, string id) =>
            {
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                bare._sockets[id] = socket;
                var buffer = new byte[1024];
                while (socket.State == WebSocketState.Open)
                {
                    var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }
                }
            });
            app.MapPost("/v3/directline/conversations/{id}/activities", async (string id, HttpRequest request) =>
            {
                var activity = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
                var activityId = Guid.NewGuid().ToString("N");
                if (bare._sockets.TryGetValue(id, out var socket))
                {
                    var reply = JsonSerializer.SerializeToUtf8Bytes(new
                    {
                        activities = new[] { new { type = "message", id = Guid.NewGuid().ToString("N"), replyToId = activityId, from = new { id = "bot", role = "bot" }, text = activity.GetProperty("text").GetString() } },
                        watermark = "1",
                    });
                    lock (socket)
                    {
                        socket.SendAsync(reply, WebSocketMessageType.Text, true, CancellationToken.None).GetAwaiter().GetResult();
                    }
                }
                return Results.Json(new { id = activityId });
            });
            await app.StartAsync();
            return bare;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

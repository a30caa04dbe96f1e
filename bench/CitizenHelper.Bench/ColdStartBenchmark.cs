using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace CitizenHelper.Bench;

/// <summary>
/// From process start to the first answered citizen question: the Release build of the service is started as a child
/// process over the bundled knowledge base (a fresh SQLite database in a temporary folder each run), a Direct Line
/// conversation is opened as soon as it listens, one question is posted and the reply polled for. Runs with an empty
/// classifier cache (cold: the model is trained) and then with the cache the first run filled (warm: the model is
/// read). Also times the first <c>/healthz</c> 200, and prints the service's start-up log lines with the time each
/// arrived, as a breakdown. <c>--warm</c> skips the cold runs (one untimed run fills the cache first); <c>--cache DIR</c>
/// keeps the cache in DIR across invocations (a loaded machine trains for minutes). Builds nothing:
/// run after <c>dotnet build -c Release</c>.
/// </summary>
internal static class ColdStartBenchmark
{
    private const string Secret = "cold-start-benchmark-secret-0123456789-abcdefgh";
    private const string Question = "Đăng ký khai sinh cần giấy tờ gì?";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    public static int Run(string[] args)
    {
        var warmOnly = args.Contains("--warm");
        var kept = Array.IndexOf(args, "--cache") is var at and >= 0 && at + 1 < args.Length ? Path.GetFullPath(args[at + 1]) : null;
        args = [.. args.Where((a, i) => a != "--warm" && a != "--cache" && (i == 0 || args[i - 1] != "--cache"))];
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        // CITIZENHELPER_BENCH_SERVICE: another build of the service to start, such as a published one (ReadyToRun or not).
        var dll = Path.GetFullPath(Environment.GetEnvironmentVariable("CITIZENHELPER_BENCH_SERVICE") is { Length: > 0 } other
            ? other
            : Path.Combine("src", "CitizenHelper.Web", "bin", "Release", "net10.0", "CitizenHelper.Web.dll"));
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"{dll} is missing: run `dotnet build CitizenHelper.sln -c Release` at the repository root first.");
            return 1;
        }
        Console.WriteLine($"cold-start: {runs} runs each, bundled knowledge/, SQLite in a fresh temporary folder, {Environment.ProcessorCount} cores");
        var cache = kept ?? Directory.CreateTempSubdirectory("citizenhelper-cache-").FullName;
        Directory.CreateDirectory(cache);
        try
        {
            var cold = new List<Timing>();
            if (warmOnly)
            {
                Console.WriteLine($"  filling the cache (untimed): {Measure(dll, cache).GetAwaiter().GetResult()}");
            }
            for (var i = 0; i < (warmOnly ? 0 : runs); i++)
            {
                // Cold: nothing cached, the classifier is trained (and stored, for the warm runs).
                foreach (var file in Directory.GetFiles(cache))
                {
                    File.Delete(file);
                }
                cold.Add(Measure(dll, cache).GetAwaiter().GetResult());
                Console.WriteLine($"  cold run {i + 1}: {cold[^1]}");
            }
            var warm = new List<Timing>();
            for (var i = 0; i < runs; i++)
            {
                warm.Add(Measure(dll, cache).GetAwaiter().GetResult());
                Console.WriteLine($"  warm run {i + 1}: {warm[^1]}");
            }
            if (cold.Count > 0)
            {
                Console.WriteLine($"  cold cache  median: {Median(cold)}");
            }
            Console.WriteLine($"  warm cache  median: {Median(warm)}   (target: answered ≤ 1500 ms)");
        }
        finally
        {
            if (kept is null)
            {
                Directory.Delete(cache, recursive: true);
            }
        }
        return 0;
    }

    /// <summary>
    /// Milliseconds from process start until the port accepted a conversation and until the reply arrived, and the
    /// service's own account of its knowledge load.
    /// </summary>
    private sealed record Timing(double ListeningMs, double HealthyMs, double AnsweredMs, string Log = "")
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"listening after {ListeningMs,7:F0} ms, /healthz 200 after {HealthyMs,7:F0} ms, first answer after {AnsweredMs,7:F0} ms") + Log;
    }

    private static Timing Median(List<Timing> timings) =>
        new(Median(timings.Select(t => t.ListeningMs)), Median(timings.Select(t => t.HealthyMs)), Median(timings.Select(t => t.AnsweredMs)));

    // The service's lines that say what a start is doing, printed with the time each arrived.
    private static readonly string[] StartLines = ["Loading the knowledge base", "Knowledge base", "question classifier", "Question classifier", "CitizenHelper ready"];

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static async Task<Timing> Measure(string dll, string cache)
    {
        var folder = Directory.CreateTempSubdirectory("citizenhelper-cold-").FullName;
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet", [dll, "--urls", baseUrl]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__CitizenHelper"] = $"Data Source={Path.Combine(folder, "cold.db")}";
        info.Environment["Knowledge__CacheFolder"] = cache;
        info.Environment["DirectLine__Secret"] = Secret;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        // The service's lines on its start (knowledge read, indexed, classifier, ready), printed beside the outside figures.
        info.Environment["Logging__LogLevel__CitizenHelper"] = "Information";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        var log = new System.Text.StringBuilder();
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = Patience };
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && StartLines.Any(l => line.Contains(l, StringComparison.Ordinal)))
            {
                var at = watch.Elapsed.TotalMilliseconds;
                lock (log)
                {
                    log.Append(CultureInfo.InvariantCulture, $"\n      {at,7:F0} ms  {line[(line.IndexOf("] ", StringComparison.Ordinal) + 2)..].Trim()}");
                }
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine($"    service: {e.Data}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var healthy = WaitForHealth(http, process, watch);
            var (conversationId, token) = await StartConversation(http, process, watch);
            var listening = watch.Elapsed.TotalMilliseconds;
            using var post = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{conversationId}/activities")
            {
                Content = JsonContent.Create(new { type = "message", text = Question, from = new { id = "cold-start" } }),
            };
            post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var posted = await http.SendAsync(post);
            posted.EnsureSuccessStatusCode();
            var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            await WaitForReply(http, conversationId, token, id, watch);
            var answered = watch.Elapsed.TotalMilliseconds;
            var healthyMs = await healthy;
            lock (log)
            {
                return new Timing(listening, healthyMs, answered, log.ToString());
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Milliseconds until <c>/healthz</c> first answered 200 (asked every 5 ms from process start).</summary>
    private static async Task<double> WaitForHealth(HttpClient http, Process process, Stopwatch watch)
    {
        while (watch.Elapsed < Patience && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return watch.Elapsed.TotalMilliseconds;
                }
            }
            catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError)
            {
                // Not listening yet.
            }
            await Task.Delay(5);
        }
        throw new TimeoutException("/healthz never answered 200.");
    }

    /// <summary>Asks for a conversation until the service listens (a refused connection means not yet).</summary>
    private static async Task<(string ConversationId, string Token)> StartConversation(HttpClient http, Process process, Stopwatch watch)
    {
        while (watch.Elapsed < Patience)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with code {process.ExitCode} before it listened.");
            }
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
                using var response = await http.SendAsync(request);
                response.EnsureSuccessStatusCode();
                var start = await response.Content.ReadFromJsonAsync<JsonElement>();
                return (start.GetProperty("conversationId").GetString()!, start.GetProperty("token").GetString()!);
            }
            catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError)
            {
                await Task.Delay(5);
            }
        }
        throw new TimeoutException("The service did not listen.");
    }

    private static async Task WaitForReply(HttpClient http, string conversationId, string token, string questionId, Stopwatch watch)
    {
        while (watch.Elapsed < Patience)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            using var set = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            foreach (var activity in set.RootElement.GetProperty("activities").EnumerateArray())
            {
                if (activity.GetProperty("type").GetString() == "message"
                    && activity.TryGetProperty("replyToId", out var replyTo) && replyTo.GetString() == questionId
                    && activity.GetProperty("from").GetProperty("role").GetString() == "bot")
                {
                    return;
                }
            }
            await Task.Delay(5);
        }
        throw new TimeoutException("The first question was not answered.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Npgsql;

namespace CitizenHelper.Bench;

/// <summary>
/// Several instances on one PostgreSQL database (issue #21 point 5), with the Release build on loopback:
/// 1. memory: one instance's resident set (RSS) started, with N idle conversations (each asked one question and
///    answered), and with S WebSocket streams open on them;
/// 2. throughput: C conversations asking one after another against one instance, then against two instances on
///    the same database in the same run (each conversation's stream on one instance, its posts on the other, so
///    every reply crosses the relay): answered/s, latency, lost and duplicated.
/// </summary>
internal static class InstancesBenchmark
{
    public static int Run(string[] args)
    {
        var positional = new List<string>();
        var idle = 10_000;
        var sockets = 2_000;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--idle" when i + 1 < args.Length:
                    idle = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--sockets" when i + 1 < args.Length:
                    sockets = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    positional.Add(args[i]);
                    break;
            }
        }
        if (positional.Count == 0)
        {
            Console.WriteLine("usage: instances <postgres connection string> [conversations=200] [seconds=20] [--idle 10000] [--sockets 2000]");
            return 2;
        }
        var conversations = positional.Count > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 200;
        var seconds = positional.Count > 2 ? int.Parse(positional[2], CultureInfo.InvariantCulture) : 20;
        return RunAsync(positional[0], conversations, TimeSpan.FromSeconds(seconds), idle, Math.Min(sockets, idle)).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string server, int conversations, TimeSpan duration, int idle, int sockets)
    {
        Console.WriteLine($"instances: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}");
        // Pools sized so that three instances (and the server's other users) fit in its connections.
        var database = new NpgsqlConnectionStringBuilder(server) { Database = $"citizenhelper_instances_{Guid.NewGuid():N}", MaxPoolSize = 40 }.ConnectionString;
        await Sql(server, $"CREATE DATABASE \"{new NpgsqlConnectionStringBuilder(database).Database}\"");
        var lost = 0;
        try
        {
            if (idle > 0)
            {
                using var alone = LoadBenchmark.ServiceProcess.Start(database, shared: true);
                await alone.WaitHealthyAsync();
                await Task.Delay(TimeSpan.FromSeconds(3)); // start-up work (the first key, caches) settles
                Console.WriteLine($"  memory: one instance started            RSS {Mb(alone.ResidentBytes)} MB");
                var opened = await OpenIdleAsync(alone.BaseUrl, idle);
                await Task.Delay(TimeSpan.FromSeconds(3));
                Console.WriteLine($"  memory: {idle:N0} idle conversations        RSS {Mb(alone.ResidentBytes)} MB");
                var streams = await OpenStreamsAsync(alone.BaseUrl, opened.Take(sockets).ToList());
                await Task.Delay(TimeSpan.FromSeconds(3));
                Console.WriteLine($"  memory: {streams.Count:N0} open WebSocket streams     RSS {Mb(alone.ResidentBytes)} MB");
                foreach (var socket in streams)
                {
                    socket.Abort();
                    socket.Dispose();
                }
            }

            using var a = LoadBenchmark.ServiceProcess.Start(database, shared: true);
            await a.WaitHealthyAsync();
            var one = await LoadBenchmark.Generate([a.BaseUrl], conversations, duration, 0, () => a.CpuTime);
            LoadBenchmark.Report("one instance      ", one);
            using var b = LoadBenchmark.ServiceProcess.Start(database, shared: true);
            await b.WaitHealthyAsync();
            var two = await LoadBenchmark.Generate([a.BaseUrl, b.BaseUrl], conversations, duration, 0, () => a.CpuTime + b.CpuTime);
            LoadBenchmark.Report("two instances     ", two);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  two instances answer {two.PerSecond / one.PerSecond:P0} of one instance's rate; RSS after: A {Mb(a.ResidentBytes)} MB, B {Mb(b.ResidentBytes)} MB"));
            // What a busy machine hides: the services' own CPU per answered message (second half of each run), and
            // the rate that gives with the cores to themselves.
            foreach (var (name, result) in new[] { ("one instance ", one), ("two instances", two) })
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name}: {result.CpuMsPerAnswer:F2} ms service CPU per answered message = at most {Environment.ProcessorCount * 1000 / result.CpuMsPerAnswer:N0} answered/s on {Environment.ProcessorCount} cores"));
            }
            lost = one.Lost + one.Duplicated + two.Lost + two.Duplicated;
        }
        finally
        {
            await Sql(server, $"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(database).Database}\" WITH (FORCE)");
        }
        return lost == 0 ? 0 : 1;
    }

    private sealed record Opened(string Id, string Token);

    /// <summary>Starts N conversations and asks one question in each; returns when the last ones are answered.</summary>
    private static async Task<List<Opened>> OpenIdleAsync(string baseUrl, int count)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        var opened = new ConcurrentBag<Opened>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (n, ct) =>
        {
            using var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
            start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", LoadBenchmark.Secret);
            using var started = await http.SendAsync(start, ct);
            var body = await started.Content.ReadFromJsonAsync<JsonElement>(ct);
            var conversation = new Opened(body.GetProperty("conversationId").GetString()!, body.GetProperty("token").GetString()!);
            using var post = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{conversation.Id}/activities")
            {
                Content = JsonContent.Create(new { type = "message", text = LoadBenchmark.Questions[n % LoadBenchmark.Questions.Length], from = new { id = $"idle-{n}" } }),
            };
            post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", conversation.Token);
            (await http.SendAsync(post, ct)).EnsureSuccessStatusCode();
            opened.Add(conversation);
        });
        // Turns run after the posts are answered: wait until a sample of conversations has its reply.
        foreach (var conversation in opened.Take(50))
        {
            for (var attempt = 0; attempt < 600; attempt++)
            {
                using var read = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{conversation.Id}/activities");
                read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", conversation.Token);
                using var response = await http.SendAsync(read);
                var activities = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activities");
                if (activities.EnumerateArray().Any(x => x.TryGetProperty("replyToId", out _)))
                {
                    break;
                }
                await Task.Delay(200);
            }
        }
        return [.. opened];
    }

    /// <summary>Opens a stream on each conversation (a fresh stream address from GET conversations/{id}) and keeps it open.</summary>
    private static async Task<List<ClientWebSocket>> OpenStreamsAsync(string baseUrl, List<Opened> conversations)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        var sockets = new ConcurrentBag<ClientWebSocket>();
        await Parallel.ForEachAsync(conversations, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (conversation, ct) =>
        {
            using var resume = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{conversation.Id}");
            resume.Headers.Authorization = new AuthenticationHeaderValue("Bearer", conversation.Token);
            using var response = await http.SendAsync(resume, ct);
            var streamUrl = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("streamUrl").GetString()!;
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(streamUrl), ct);
            sockets.Add(socket);
        });
        return [.. sockets];
    }

    private static async Task Sql(string server, string statement)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(statement, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture);
}

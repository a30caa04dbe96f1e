using System.Diagnostics;
using System.Globalization;
using CitizenHelper.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Bench;

/// <summary>
/// The staff dashboard's figures over a year of traffic on SQLite: N question outcomes and M escalations spread
/// over 366 days, then the dashboard of the last 30 and 366 days (whole province, and one center), counted by the
/// database. Beside it, the way it was counted before (every row loaded, then counted per day in memory) as the
/// baseline. Target: ≤ 200 ms for a year of 200,000 questions.
/// </summary>
internal static class DashboardBenchmark
{
    private const int Runs = 5;
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(200);
    private static readonly string[] Outcomes = ["answered", "answered", "answered", "clarify", "escalated", "smalltalk", "refused-offtopic"];
    private static readonly string[] Centers = ["Xã Cư Jút", "Xã Lạc Dương", "Phường Đà Lạt", "Xã Đắk Mil"];

    public static int Run(string[] args)
    {
        var outcomes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var escalations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
        var folder = Directory.CreateTempSubdirectory("dashboard-bench-").FullName;
        try
        {
            var services = new ServiceCollection().AddSingleton(TimeProvider.System)
                .AddStorage(StorageProvider.Sqlite, $"Data Source={Path.Combine(folder, "bench.db")}").BuildServiceProvider();
            using (services)
            {
                var contexts = services.GetRequiredService<IDbContextFactory<CitizenHelperDbContext>>();
                FillAsync(contexts, outcomes, escalations).GetAwaiter().GetResult();
                var stats = services.GetRequiredService<StatsStore>();
                Console.WriteLine($"dashboard: {outcomes:N0} outcomes and {escalations:N0} escalations over 366 days, SQLite, {Environment.ProcessorCount} cores, median of {Runs}");
                var year = 0.0;
                foreach (var days in new[] { 30, 366 })
                {
                    var province = Time(() => stats.ForLastDaysAsync(days, null, CancellationToken.None));
                    var center = Time(() => stats.ForLastDaysAsync(days, [Centers[0]], CancellationToken.None));
                    var before = Time(() => InMemoryAsync(contexts, days));
                    Console.WriteLine($"  {days,3} days: province {province,7:F1} ms   one center {center,6:F1} ms   before (rows counted in memory) {before,8:F1} ms");
                    year = Math.Max(year, province);
                }
                Console.WriteLine($"  target ≤ {Target.TotalMilliseconds:F0} ms for the year: {(year <= Target.TotalMilliseconds ? "met" : "not met")}");
                return year <= Target.TotalMilliseconds ? 0 : 1;
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Time(Func<Task> run)
    {
        run().GetAwaiter().GetResult(); // warm-up
        var timings = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            run().GetAwaiter().GetResult();
            timings.Add(watch.Elapsed.TotalMilliseconds);
        }
        return timings.Order().ElementAt(Runs / 2);
    }

    private static async Task FillAsync(IDbContextFactory<CitizenHelperDbContext> contexts, int outcomes, int escalations)
    {
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            db.Conversations.Add(new ConversationRecord { Id = "bench", ChannelId = "bench", CreatedAt = DateTimeOffset.UtcNow, LastActivityAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        var random = new Random(7);
        var now = DateTimeOffset.UtcNow;
        DateTimeOffset Moment() => now.AddMinutes(-random.Next(366 * 24 * 60));
        foreach (var chunk in Enumerable.Range(0, outcomes).Chunk(10_000))
        {
            await using var db = await contexts.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var _ in chunk)
            {
                var at = Moment();
                db.Outcomes.Add(new OutcomeRecord { ConversationId = "bench", Outcome = Outcomes[random.Next(Outcomes.Length)], Language = "vi", At = at, Day = DateOnly.FromDateTime(at.UtcDateTime) });
            }
            await db.SaveChangesAsync();
        }
        foreach (var chunk in Enumerable.Range(0, escalations).Chunk(10_000))
        {
            await using var db = await contexts.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var i in chunk)
            {
                var at = Moment();
                var answered = i % 2 == 0 ? at.AddMinutes(random.Next(5, 600)) : (DateTimeOffset?)null;
                db.Escalations.Add(new EscalationRecord
                {
                    Reference = $"CH-{i:D6}", ConversationId = "bench", Reason = "NoMatch", Question = "?", Language = "vi", Transcript = "",
                    ProcedureCode = $"1.00{i % 30:D4}", Center = Centers[i % Centers.Length], CreatedAt = at, CreatedOn = DateOnly.FromDateTime(at.UtcDateTime),
                    UpdatedAt = at, AnsweredAt = answered, SecondsToReply = answered is { } a ? (int)(a - at).TotalSeconds : null,
                });
            }
            await db.SaveChangesAsync();
        }
    }

    /// <summary>The figures as they were counted before: every row of the period loaded, then each day counted over all of them.</summary>
    private static async Task InMemoryAsync(IDbContextFactory<CitizenHelperDbContext> contexts, int days)
    {
        var to = DateOnly.FromDateTime(DateTime.UtcNow);
        var from = to.AddDays(1 - days);
        var since = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await using var db = await contexts.CreateDbContextAsync();
        var outcomes = await db.Outcomes.AsNoTracking().Where(o => o.At >= since).Select(o => new { o.At, o.Outcome }).ToListAsync();
        var escalations = await db.Escalations.AsNoTracking().Where(e => e.CreatedAt >= since).Select(e => new { e.Reason, e.CreatedAt, e.AnsweredAt }).ToListAsync();
        var perDay = Enumerable.Range(0, days).Select(i => from.AddDays(i))
            .Select(day => outcomes.Where(o => DateOnly.FromDateTime(o.At.UtcDateTime) == day).GroupBy(o => o.Outcome).ToDictionary(g => g.Key, g => g.Count())).ToList();
        var waits = escalations.Where(e => e.AnsweredAt is not null).Select(e => (e.AnsweredAt!.Value - e.CreatedAt).TotalMinutes).Order().ToList();
        GC.KeepAlive((perDay, waits));
    }
}

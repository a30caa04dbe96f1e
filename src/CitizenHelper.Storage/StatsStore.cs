using CitizenHelper.Bot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CitizenHelper.Storage;

/// <summary>Questions per day by outcome, for one day. Refusals are counted apart: the bot declined on purpose.</summary>
public sealed record DayStats(DateOnly Day, int Questions, int Answered, int Clarify, int Escalated, int SmallTalk, int Refused);

/// <summary>How many of something in one day.</summary>
public sealed record DayCount(DateOnly Day, int Count);

/// <summary>Helpful / not helpful ratings of one procedure's answers.</summary>
public sealed record RatingStats(string? ProcedureCode, int Helpful, int NotHelpful);

/// <summary>
/// What citizens asked and how it went, over a period: the staff dashboard's figures. Escalations belong to a center
/// and are counted for the centers asked for (<see cref="Centers"/>; null is the whole province). Questions, answer
/// rate, refusals and ratings are not tied to a center: they are given for the whole province only, and are null
/// for a view of some centers.
/// </summary>
public sealed record Stats(
    DateOnly From, DateOnly To, IReadOnlyList<string>? Centers,
    IReadOnlyList<DayStats>? Days, double? AnswerRate, IReadOnlyDictionary<string, int>? Refusals, IReadOnlyList<RatingStats>? Ratings,
    IReadOnlyList<DayCount> EscalationsPerDay,
    IReadOnlyDictionary<string, int> EscalationsByReason, IReadOnlyDictionary<string, int> EscalationsByProcedure,
    double? MedianMinutesToStaffReply,
    IReadOnlyDictionary<string, int> EscalationsByCenter);

/// <summary>Records question outcomes and works out the dashboard's figures, counted and grouped by the database.</summary>
public sealed class StatsStore(IDbContextFactory<CitizenHelperDbContext> contexts, BatchWriter writes, TimeProvider clock) : IOutcomeSink
{
    /// <summary>Outcomes of a guardrail refusal start so: the bot declined on purpose (injection, others' data, off-topic).</summary>
    public const string RefusalPrefix = "refused-";

    public Task RecordAsync(string conversationId, string outcome, string? procedureCode, string language, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return writes.WriteRowsAsync<bool>(async (rows, ct) =>
        {
            await rows.InsertAsync(new OutcomeRecord { ConversationId = conversationId, Outcome = outcome, ProcedureCode = procedureCode, Language = language, At = now, Day = DateOnly.FromDateTime(now.UtcDateTime) }, ct).ConfigureAwait(false);
            return () => true;
        }, cancellationToken);
    }

    /// <summary>
    /// The last <paramref name="days"/> days, today included (UTC), of the whole province (<paramref name="centers"/>
    /// null) or of the escalations of <paramref name="centers"/> only.
    /// </summary>
    public async Task<Stats> ForLastDaysAsync(int days, IReadOnlyCollection<string>? centers, CancellationToken cancellationToken)
    {
        var to = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = to.AddDays(1 - days);
        var period = Enumerable.Range(0, days).Select(from.AddDays).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);

        var escalations = db.Escalations.AsNoTracking().Where(e => e.CreatedOn >= from);
        if (centers is not null)
        {
            escalations = escalations.OfCenters(centers);
        }
        var perDay = (await escalations.GroupBy(e => e.CreatedOn).Select(g => new { Day = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(d => d.Day, d => d.Count);
        var byReason = await escalations.GroupBy(e => e.Reason).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken).ConfigureAwait(false);
        var byProcedure = await escalations.GroupBy(e => e.ProcedureCode).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key ?? "none", g => g.Count, cancellationToken).ConfigureAwait(false);
        var byCenter = await escalations.GroupBy(e => e.Center).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key ?? "none", g => g.Count, cancellationToken).ConfigureAwait(false);
        var median = await MedianSecondsToReplyAsync(escalations, cancellationToken).ConfigureAwait(false);
        var escalationsPerDay = period.Select(d => new DayCount(d, perDay.GetValueOrDefault(d))).ToList();

        if (centers is not null)
        {
            return new Stats(from, to, [.. centers], null, null, null, null, escalationsPerDay, byReason, byProcedure, median / 60, byCenter);
        }

        var outcomes = await db.Outcomes.AsNoTracking().Where(o => o.Day >= from)
            .GroupBy(o => new { o.Day, o.Outcome }).Select(g => new { g.Key.Day, g.Key.Outcome, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var outcomeDays = period.Select(day =>
        {
            var that = outcomes.Where(o => o.Day == day).ToList();
            int Count(string outcome) => that.Where(o => o.Outcome == outcome).Sum(o => o.Count);
            return new DayStats(day, that.Sum(o => o.Count), Count("answered"), Count("clarify"), Count("escalated"), Count("smalltalk"),
                that.Where(o => o.Outcome.StartsWith(RefusalPrefix, StringComparison.Ordinal)).Sum(o => o.Count));
        }).ToList();
        // Small talk is not a question, and a refusal is the bot declining on purpose: neither counts against the answer rate.
        var questions = outcomeDays.Sum(d => d.Questions - d.SmallTalk - d.Refused);
        var refusals = outcomes.Where(o => o.Outcome.StartsWith(RefusalPrefix, StringComparison.Ordinal))
            .GroupBy(o => o.Outcome[RefusalPrefix.Length..]).ToDictionary(g => g.Key, g => g.Sum(o => o.Count));

        var since = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var ratings = await db.Ratings.AsNoTracking().Where(r => r.At >= since)
            .GroupBy(r => r.ProcedureCode).Select(g => new RatingStats(g.Key, g.Count(r => r.Helpful), g.Count(r => !r.Helpful)))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new Stats(
            from, to, null, outcomeDays, questions == 0 ? 0 : (double)outcomeDays.Sum(d => d.Answered) / questions, refusals, ratings,
            escalationsPerDay, byReason, byProcedure, median / 60, byCenter);
    }

    /// <summary>The median time to the first staff reply, in seconds: the middle one or two values, found by the database.</summary>
    private static async Task<double?> MedianSecondsToReplyAsync(IQueryable<EscalationRecord> escalations, CancellationToken cancellationToken)
    {
        var answered = escalations.Where(e => e.SecondsToReply != null);
        var count = await answered.CountAsync(cancellationToken).ConfigureAwait(false);
        if (count == 0)
        {
            return null;
        }
        var middle = await answered.OrderBy(e => e.SecondsToReply).Skip((count - 1) / 2).Take(2 - (count % 2))
            .Select(e => e.SecondsToReply!.Value).ToListAsync(cancellationToken).ConfigureAwait(false);
        return middle.Average(s => (double)s);
    }
}

using CitizenHelper.Bot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CitizenHelper.Storage;

/// <summary>Questions per day and outcome for one day.</summary>
public sealed record DayStats(DateOnly Day, int Questions, int Answered, int Clarify, int Escalated, int SmallTalk);

/// <summary>Helpful / not helpful ratings of one procedure's answers.</summary>
public sealed record RatingStats(string? ProcedureCode, int Helpful, int NotHelpful);

/// <summary>What citizens asked and how it went, over a period: the staff dashboard's figures.</summary>
public sealed record Stats(
    DateOnly From, DateOnly To, IReadOnlyList<DayStats> Days, double AnswerRate,
    IReadOnlyDictionary<string, int> EscalationsByReason, IReadOnlyDictionary<string, int> EscalationsByProcedure,
    IReadOnlyList<RatingStats> Ratings, double? MedianMinutesToStaffReply,
    IReadOnlyDictionary<string, int> EscalationsByCenter);

/// <summary>Records question outcomes and works out the dashboard's figures.</summary>
public sealed class StatsStore(IDbContextFactory<CitizenHelperDbContext> contexts, BatchWriter writes, TimeProvider clock) : IOutcomeSink
{
    public Task RecordAsync(string conversationId, string outcome, string? procedureCode, string language, CancellationToken cancellationToken) =>
        writes.WriteAsync<bool>(db =>
        {
            db.Outcomes.Add(new OutcomeRecord { ConversationId = conversationId, Outcome = outcome, ProcedureCode = procedureCode, Language = language, At = clock.GetUtcNow() });
            return () => true;
        }, cancellationToken);

    /// <summary>The last <paramref name="days"/> days, today included (UTC).</summary>
    public async Task<Stats> ForLastDaysAsync(int days, CancellationToken cancellationToken)
    {
        var to = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = to.AddDays(1 - days);
        var since = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var outcomes = await db.Outcomes.AsNoTracking().Where(o => o.At >= since).Select(o => new { o.At, o.Outcome }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var escalations = await db.Escalations.AsNoTracking().Where(e => e.CreatedAt >= since)
            .Select(e => new { e.Reason, e.ProcedureCode, e.Center, e.CreatedAt, e.AnsweredAt }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var ratings = await db.Ratings.AsNoTracking().Where(r => r.At >= since).Select(r => new { r.ProcedureCode, r.Helpful }).ToListAsync(cancellationToken).ConfigureAwait(false);

        var perDay = Enumerable.Range(0, days).Select(i => from.AddDays(i)).Select(day =>
        {
            var that = outcomes.Where(o => DateOnly.FromDateTime(o.At.UtcDateTime) == day).ToList();
            int Count(string outcome) => that.Count(o => o.Outcome == outcome);
            return new DayStats(day, that.Count, Count("answered"), Count("clarify"), Count("escalated"), Count("smalltalk"));
        }).ToList();
        var questions = outcomes.Count(o => o.Outcome != "smalltalk");
        var waits = escalations.Where(e => e.AnsweredAt is not null).Select(e => (e.AnsweredAt!.Value - e.CreatedAt).TotalMinutes).Order().ToList();
        return new Stats(
            from, to, perDay,
            questions == 0 ? 0 : (double)outcomes.Count(o => o.Outcome == "answered") / questions,
            escalations.GroupBy(e => e.Reason).ToDictionary(g => g.Key, g => g.Count()),
            escalations.GroupBy(e => e.ProcedureCode ?? "none").ToDictionary(g => g.Key, g => g.Count()),
            [.. ratings.GroupBy(r => r.ProcedureCode).Select(g => new RatingStats(g.Key, g.Count(r => r.Helpful), g.Count(r => !r.Helpful)))],
            waits.Count == 0 ? null : waits.Count % 2 == 1 ? waits[waits.Count / 2] : (waits[(waits.Count / 2) - 1] + waits[waits.Count / 2]) / 2,
            escalations.GroupBy(e => e.Center ?? "none").ToDictionary(g => g.Key, g => g.Count()));
    }
}

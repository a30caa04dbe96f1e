using CitizenHelper.Answering;
using CitizenHelper.Bot.Turns;
using CitizenHelper.Knowledge.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

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
public sealed class StatsStore(
    IDbContextFactory<CitizenHelperDbContext> contexts, BatchWriter writes, TimeProvider clock, KnowledgeProvider knowledge, IOptions<StaffOptions> options) : IOutcomeSink
{
    /// <summary>Outcomes of a guardrail refusal start so: the bot declined on purpose (injection, others' data, off-topic).</summary>
    public const string RefusalPrefix = "refused-";

    public const int MaxWeeks = 26;

    /// <summary>How many of the questions most often handed to staff the weekly figures list.</summary>
    public const int TopUnansweredCount = 10;

    public Task RecordAsync(string conversationId, string outcome, string? procedureCode, string language, CancellationToken cancellationToken, string? commune = null)
    {
        var now = clock.GetUtcNow();
        // The escalations' rule: the commune the citizen named, else the default center.
        var center = commune ?? options.Value.DefaultCenterKey(knowledge.Current.Base);
        return writes.WriteRowsAsync<bool>(async (rows, ct) =>
        {
            await rows.InsertAsync(new OutcomeRecord { ConversationId = conversationId, Outcome = outcome, ProcedureCode = procedureCode, Language = language, At = now, Day = VietnamTime.DateOf(now), Center = center }, ct).ConfigureAwait(false);
            return () => true;
        }, cancellationToken);
    }

    /// <summary>
    /// The last <paramref name="days"/> days, today included (Vietnam days, as the centers count them), of the whole province (<paramref name="centers"/>
    /// null) or of the escalations of <paramref name="centers"/> only.
    /// </summary>
    public async Task<Stats> ForLastDaysAsync(int days, IReadOnlyCollection<string>? centers, CancellationToken cancellationToken)
    {
        var to = VietnamTime.Today(clock);
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

        var since = VietnamTime.StartOf(from);
        var ratings = await db.Ratings.AsNoTracking().Where(r => r.At >= since)
            .GroupBy(r => r.ProcedureCode).Select(g => new RatingStats(g.Key, g.Count(r => r.Helpful), g.Count(r => !r.Helpful)))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new Stats(
            from, to, null, outcomeDays, questions == 0 ? 0 : (double)outcomeDays.Sum(d => d.Answered) / questions, refusals, ratings,
            escalationsPerDay, byReason, byProcedure, median / 60, byCenter);
    }

    /// <summary>
    /// The last <paramref name="weeks"/> weeks (Monday to Sunday, Vietnam time; this week included) of
    /// <paramref name="centers"/> (null: the whole province, with a row per center). Questions and answers count for
    /// the center of their conversation (see <see cref="OutcomeRecord.Center"/>), ratings for the center of the rated
    /// conversation's last question, hand-offs and replies for the escalation's center.
    /// </summary>
    public async Task<WeeklyStats> WeeklyAsync(int weeks, IReadOnlyCollection<string>? centers, CancellationToken cancellationToken)
    {
        weeks = Math.Clamp(weeks, 1, MaxWeeks);
        var thisWeek = VietnamTime.WeekOf(clock.GetUtcNow());
        var mondays = Enumerable.Range(1 - weeks, weeks).Select(i => thisWeek.AddDays(7 * i)).ToList();
        var since = VietnamTime.StartOf(mondays[0]);
        var names = centers?.ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);

        // A Vietnam week starts at 17:00 UTC on a Sunday, not with a UTC day: the database counts each week apart.
        var outcomes = db.Outcomes.AsNoTracking();
        if (names is not null)
        {
            outcomes = outcomes.Where(o => o.Center != null && names.Contains(o.Center));
        }
        var asked = new List<Asked>();
        foreach (var monday in mondays)
        {
            var (start, end) = (VietnamTime.StartOf(monday), VietnamTime.StartOf(monday.AddDays(7)));
            var counts = await outcomes.Where(o => o.At >= start && o.At < end)
                .GroupBy(o => new { o.Center, o.Outcome }).Select(g => new { g.Key.Center, g.Key.Outcome, Count = g.Count() })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            asked.AddRange(counts.Where(c => c.Outcome != "smalltalk" && !c.Outcome.StartsWith(RefusalPrefix, StringComparison.Ordinal))
                .Select(c => new Asked(monday, c.Center, c.Outcome, c.Count)));
        }

        var escalations = db.Escalations.AsNoTracking().Where(e => e.CreatedAt >= since);
        if (names is not null)
        {
            escalations = escalations.OfCenters(names);
        }
        var handOffs = (await escalations.Select(e => new { e.CreatedAt, e.Center, e.SecondsToReply, e.Question, e.ProcedureCode })
            .ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(e => new HandOff(VietnamTime.WeekOf(e.CreatedAt), e.Center, e.SecondsToReply, e.Question, e.ProcedureCode, e.CreatedAt)).ToList();

        // A rating belongs to the center of its conversation's last question (ratings carry no center of their own).
        var ratings = (await db.Ratings.AsNoTracking().Where(r => r.At >= since)
            .Select(r => new { r.At, r.Helpful, Center = db.Outcomes.Where(o => o.ConversationId == r.ConversationId).OrderByDescending(o => o.Id).Select(o => o.Center).FirstOrDefault() })
            .ToListAsync(cancellationToken).ConfigureAwait(false))
            .Where(r => names is null || (r.Center is not null && names.Contains(r.Center)))
            .Select(r => new Rated(VietnamTime.WeekOf(r.At), r.Center, r.Helpful)).ToList();

        var perWeek = mondays.Select(w => Figures(w, null, true, asked.Where(a => a.Week == w), handOffs.Where(h => h.Week == w), ratings.Where(r => r.Week == w))).ToList();
        // Each center's facts apart first, so a province of many centers is not read once per center and week.
        var (askedOf, handOffsOf, ratingsOf) = (asked.ToLookup(a => a.Center), handOffs.ToLookup(h => h.Center), ratings.ToLookup(r => r.Center));
        var seen = asked.Select(a => a.Center).Concat(handOffs.Select(h => h.Center)).Concat(ratings.Select(r => r.Center)).Distinct().ToList();
        var perCenter = seen.Select(c => Figures(mondays[0], c, false, askedOf[c], handOffsOf[c], ratingsOf[c])).OrderBy(f => f.Center is null).ThenBy(f => f.Center, StringComparer.Ordinal).ToList();
        // Every center asked for, with or without figures, and every other center seen (the province's), each week.
        var perWeekAndCenter = seen.Concat(names ?? []).Distinct().OrderBy(c => c is null).ThenBy(c => c, StringComparer.Ordinal)
            .SelectMany(c => mondays.Select(w => Figures(w, c, false, askedOf[c].Where(a => a.Week == w), handOffsOf[c].Where(h => h.Week == w), ratingsOf[c].Where(r => r.Week == w))))
            .ToList();
        var top = handOffs.GroupBy(h => VietnameseText.Fold(h.Question.Split('\n')[0]), StringComparer.Ordinal)
            .Where(g => g.Key.Length > 0)
            .Select(g =>
            {
                var last = g.MaxBy(h => h.CreatedAt);
                return new UnansweredQuestion(last.Question.Split('\n')[0].Trim(), g.Select(h => h.ProcedureCode).FirstOrDefault(p => p is not null), g.Count(), last.CreatedAt);
            })
            .OrderByDescending(q => q.Count).ThenByDescending(q => q.LastAskedAt).Take(TopUnansweredCount).ToList();
        return new WeeklyStats(names, mondays, perWeek, perCenter, top, perWeekAndCenter);
    }

    private readonly record struct Asked(DateOnly Week, string? Center, string Outcome, int Count);

    private readonly record struct HandOff(DateOnly Week, string? Center, int? SecondsToReply, string Question, string? ProcedureCode, DateTimeOffset CreatedAt);

    private readonly record struct Rated(DateOnly Week, string? Center, bool Helpful);

    /// <summary>The figures of the questions, hand-offs and ratings given (already those of the week and center).</summary>
    private static WeekFigures Figures(DateOnly week, string? center, bool allCenters, IEnumerable<Asked> asked, IEnumerable<HandOff> handOffs, IEnumerable<Rated> ratings)
    {
        var questions = asked.ToList();
        var escalated = handOffs.ToList();
        var replies = escalated.Where(h => h.SecondsToReply is not null).Select(h => (double)h.SecondsToReply!.Value).Order().ToList();
        var rated = ratings.ToList();
        return new WeekFigures(
            week, center, allCenters, questions.Sum(q => q.Count), questions.Where(q => q.Outcome == "answered").Sum(q => q.Count),
            escalated.Count, replies.Count, replies.Count == 0 ? null : Median(replies) / 60, rated.Count(r => r.Helpful), rated.Count(r => !r.Helpful));
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

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

using CitizenHelper.Storage;

namespace CitizenHelper.Web.Staff;

/// <summary>The dashboard's charts as data for <c>ColumnChart</c> and <c>RowChart</c>: colours and the rows shown.</summary>
public static class Charts
{
    public const string Answered = "#2e7d32";
    public const string Clarify = "#f9a825";
    public const string Escalated = "#c62828";
    public const string Other = "#90a4ae";
    public const string Refused = "#6d4c41";

    public static IReadOnlyList<(DateOnly Day, (int Count, string Colour)[] Parts)> QuestionsPerDay(IReadOnlyList<DayStats> days) =>
        [.. (days ?? []).Select(d => (d.Day, new[] { (d.Answered, Answered), (d.Clarify, Clarify), (d.Escalated, Escalated), (d.Refused, Refused), (d.SmallTalk, Other) }))];

    public static readonly IReadOnlyList<(string Label, string Colour)> QuestionsLegend =
        [("Trả lời được · Answered", Answered), ("Hỏi lại · Clarify", Clarify), ("Chuyển cán bộ · Escalated", Escalated), ("Từ chối có chủ đích · Refused on purpose", Refused), ("Chào hỏi · Small talk", Other)];

    public static IReadOnlyList<(DateOnly Day, (int Count, string Colour)[] Parts)> EscalationsPerDay(IReadOnlyList<DayCount> days) =>
        [.. (days ?? []).Select(d => (d.Day, new[] { (d.Count, Escalated) }))];

    /// <summary>One bar per label, largest first (15 at most).</summary>
    public static IReadOnlyList<(string Label, (int Count, string Colour)[] Parts)> Bars(IEnumerable<(string Label, int Count)> values, string colour = "#0b4f8a") =>
        [.. values.OrderByDescending(v => v.Count).ThenBy(v => v.Label, StringComparer.Ordinal).Take(15).Select(r => (r.Label, new[] { (r.Count, colour) }))];

    /// <summary>Helpful and not helpful per procedure, side by side in one bar.</summary>
    public static IReadOnlyList<(string Label, (int Count, string Colour)[] Parts)> Ratings(IReadOnlyList<RatingStats> ratings, Func<string?, string> name) =>
        [.. (ratings ?? []).OrderByDescending(r => r.Helpful + r.NotHelpful).Take(15).Select(r => (name(r.ProcedureCode), new[] { (r.Helpful, Answered), (r.NotHelpful, Escalated) }))];

    public static readonly IReadOnlyList<(string Label, string Colour)> RatingsLegend = [("Hữu ích · Helpful", Answered), ("Không hữu ích · Not helpful", Escalated)];

    /// <summary>Per week (its Monday): questions the bot answered, and the rest, stacked.</summary>
    public static IReadOnlyList<(DateOnly Day, (int Count, string Colour)[] Parts)> ContainmentPerWeek(IReadOnlyList<WeekFigures> weeks) =>
        [.. (weeks ?? []).Select(w => (w.Week, new[] { (w.Answered, Answered), (w.Questions - w.Answered, Other) }))];

    public static readonly IReadOnlyList<(string Label, string Colour)> ContainmentLegend =
        [("Bot trả lời được · Answered by the bot", Answered), ("Hỏi lại hoặc chuyển cán bộ · Clarified or handed to staff", Other)];

    public static IReadOnlyList<(DateOnly Day, (int Count, string Colour)[] Parts)> HandOffsPerWeek(IReadOnlyList<WeekFigures> weeks) =>
        [.. (weeks ?? []).Select(w => (w.Week, new[] { (w.HandOffs, Escalated) }))];
}

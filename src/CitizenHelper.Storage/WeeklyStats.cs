namespace CitizenHelper.Storage;

/// <summary>
/// One week's figures (Monday to Sunday, Vietnam time) of one center, or of every center shown together
/// (<see cref="Center"/> null with <see cref="AllCenters"/>), or of questions whose center is not known.
/// </summary>
/// <param name="Questions">Questions asked, small talk and guardrail refusals left out (they are not questions for staff).</param>
/// <param name="Answered">Of those, answered by the bot: without staff.</param>
/// <param name="HandOffs">Escalations opened (questions handed to staff).</param>
/// <param name="Replied">Of those, replied to by staff.</param>
/// <param name="MedianMinutesToFirstReply">The median time from hand-off to the first staff reply; null when none was replied to.</param>
public sealed record WeekFigures(
    DateOnly Week, string? Center, bool AllCenters, int Questions, int Answered, int HandOffs, int Replied, double? MedianMinutesToFirstReply, int Helpful, int NotHelpful)
{
    /// <summary>Containment: the share of questions answered without staff; null without questions.</summary>
    public double? Containment => Questions == 0 ? null : (double)Answered / Questions;

    /// <summary>Satisfaction: the share of "helpful" among the ratings; null without ratings.</summary>
    public double? Satisfaction => Helpful + NotHelpful == 0 ? null : (double)Helpful / (Helpful + NotHelpful);
}

/// <summary>A question the bot handed to staff, as often as it was asked (the same words, ignoring case and diacritics).</summary>
public sealed record UnansweredQuestion(string Question, string? ProcedureCode, int Count, DateTimeOffset LastAskedAt);

/// <summary>
/// The dashboard a center's leader reads, week by week: containment, hand-offs, time to first staff reply,
/// satisfaction and the questions most often handed to staff, of the centers asked for (<see cref="Centers"/>; null:
/// the whole province). <see cref="Weeks"/> are their Mondays, oldest first; <see cref="PerWeek"/> has one row per
/// week (all centers shown together); <see cref="PerCenter"/> one row per center over all the weeks (Week: the first);
/// <see cref="PerWeekAndCenter"/> one row per center and week (each center asked for, figures or not, and every
/// other center with figures), by center and then week: the weekly CSV's rows.
/// </summary>
public sealed record WeeklyStats(
    IReadOnlyList<string>? Centers, IReadOnlyList<DateOnly> Weeks, IReadOnlyList<WeekFigures> PerWeek, IReadOnlyList<WeekFigures> PerCenter,
    IReadOnlyList<UnansweredQuestion> TopUnanswered, IReadOnlyList<WeekFigures> PerWeekAndCenter);

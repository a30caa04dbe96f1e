using System.Security.Claims;
using CitizenHelper.Answering;
using CitizenHelper.Knowledge.Text;
using CitizenHelper.Storage;
using CitizenHelper.Web.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace CitizenHelper.Web.Apis;

// The staff API's figures: the dashboard's as JSON and CSV.
public static partial class StaffApi
{
    private const int MaxStatsDays = 366;

    /// <summary>
    /// The dashboard's figures for the last <paramref name="days"/> days (default 30): a staff member's centers only;
    /// an administrator's whole province, or one <paramref name="center"/>.
    /// </summary>
    public static async Task<Ok<Stats>> StatsJson(ClaimsPrincipal user, StatsStore stats, KnowledgeProvider knowledge, int? days, string? center, CancellationToken cancellationToken) =>
        TypedResults.Ok(await stats.ForLastDaysAsync(
            Math.Clamp(days ?? 30, 1, MaxStatsDays), CentersShown(user, knowledge, center), cancellationToken));

    /// <summary>
    /// Week by week (Monday to Sunday, Vietnam time; <paramref name="weeks"/>, default 8, at most 26): containment,
    /// hand-offs, time to first staff reply, satisfaction per week and per center, and the questions most often handed
    /// to staff, of the same centers as <see cref="StatsJson"/>.
    /// </summary>
    public static async Task<Ok<WeeklyStats>> WeeklyJson(ClaimsPrincipal user, StatsStore stats, KnowledgeProvider knowledge, int? weeks, string? center, CancellationToken cancellationToken) =>
        TypedResults.Ok(await WeeklyAsync(user, stats, knowledge, weeks, center, cancellationToken));

    private static Task<WeeklyStats> WeeklyAsync(ClaimsPrincipal user, StatsStore stats, KnowledgeProvider knowledge, int? weeks, string? center, CancellationToken cancellationToken) =>
        stats.WeeklyAsync(Math.Clamp(weeks ?? 8, 1, StatsStore.MaxWeeks), CentersShown(user, knowledge, center), cancellationToken);

    /// <summary>The centers whose figures the caller sees: the one asked for (by name or code) if the caller may see it, else all the caller's.</summary>
    private static IReadOnlyCollection<string>? CentersShown(ClaimsPrincipal user, KnowledgeProvider knowledge, string? center) =>
        StaffAccounts.StatsCenters(user, StaffCenters.KeyOf(knowledge, center) ?? center);

    /// <summary>
    /// Per day: questions by outcome (whole province only; empty for a view of some centers, where questions are not
    /// tied to a center) and the escalations of the centers shown, as CSV for a spreadsheet.
    /// </summary>
    public static async Task<FileContentHttpResult> StatsCsv(ClaimsPrincipal user, StatsStore stats, KnowledgeProvider knowledge, int? days, string? center, CancellationToken cancellationToken)
    {
        var centers = CentersShown(user, knowledge, center);
        var figures = await stats.ForLastDaysAsync(Math.Clamp(days ?? 30, 1, MaxStatsDays), centers, cancellationToken);
        var csv = new System.Text.StringBuilder("day,questions,answered,clarify,escalated,smalltalk,refused,escalations\n");
        for (var i = 0; i < figures.EscalationsPerDay.Count; i++)
        {
            var escalations = figures.EscalationsPerDay[i];
            var outcomes = figures.Days is { } perDay ? perDay[i] : null;
            csv.Append(outcomes is null
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{escalations.Day:yyyy-MM-dd},,,,,,,{escalations.Count}\n")
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{escalations.Day:yyyy-MM-dd},{outcomes.Questions},{outcomes.Answered},{outcomes.Clarify},{outcomes.Escalated},{outcomes.SmallTalk},{outcomes.Refused},{escalations.Count}\n"));
        }
        return TypedResults.File(CsvText.Utf8WithBom(csv.ToString()), "text/csv", $"citizenhelper-{figures.From:yyyyMMdd}-{figures.To:yyyyMMdd}.csv");
    }

    /// <summary>
    /// The weekly figures as CSV for a spreadsheet, of the same centers as <see cref="WeeklyJson"/>: a row per center
    /// and week (Monday's date in Vietnam time, the center by name), whole minutes and percentages so that a
    /// spreadsheet in any language reads them as numbers; empty where there is nothing to measure.
    /// </summary>
    public static async Task<FileContentHttpResult> WeeklyCsv(ClaimsPrincipal user, StatsStore stats, KnowledgeProvider knowledge, int? weeks, string? center, CancellationToken cancellationToken)
    {
        var figures = await WeeklyAsync(user, stats, knowledge, weeks, center, cancellationToken);
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var csv = new System.Text.StringBuilder("week_start,center,questions,answered_without_staff,handoffs,median_minutes_to_first_reply,helpful,not_helpful,satisfaction_percent\n");
        foreach (var f in figures.PerWeekAndCenter)
        {
            csv.Append(CsvText.Row(
                f.Week.ToString("dd/MM/yyyy", invariant), f.Center is null ? "chưa rõ Trung tâm · center unknown" : StaffCenters.Label(knowledge, f.Center),
                f.Questions.ToString(invariant), f.Answered.ToString(invariant), f.HandOffs.ToString(invariant), f.MedianMinutesToFirstReply?.ToString("0", invariant),
                f.Helpful.ToString(invariant), f.NotHelpful.ToString(invariant), (f.Satisfaction * 100)?.ToString("0", invariant)));
        }
        return TypedResults.File(
            CsvText.Utf8WithBom(csv.ToString()), "text/csv", $"citizenhelper-weekly-{figures.Weeks[0]:yyyyMMdd}-{figures.Weeks[^1].AddDays(6):yyyyMMdd}.csv");
    }
}

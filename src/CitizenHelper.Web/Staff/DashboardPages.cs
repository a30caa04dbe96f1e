using System.Globalization;
using CitizenHelper.Answering;
using CitizenHelper.Storage;
using CitizenHelper.Web.Staff.Components;

namespace CitizenHelper.Web.Staff;

/// <summary>The dashboard (figures and charts, CSV export) and the administrators' audit log.</summary>
public static class DashboardPages
{
    public const int MaxDays = 366;

    public static RouteGroupBuilder MapDashboardPages(this RouteGroupBuilder staff)
    {
        ArgumentNullException.ThrowIfNull(staff);
        staff.MapGet("/dashboard", Dashboard);
        staff.MapGet("/audit", Audit).RequireAuthorization(StaffAccounts.AdminPolicy);
        return staff;
    }

    /// <summary>
    /// The figures of the signed-in member's centers (an administrator: the whole province, or the center chosen).
    /// Week by week (Vietnam time), each center's containment, hand-offs, time to first reply, satisfaction and the
    /// questions most often handed to staff; the per-day questions, answer rate, refusals and ratings are the province's.
    /// </summary>
    public static async Task<IResult> Dashboard(HttpContext context, StatsStore stats, KnowledgeProvider knowledge, int? days, int? weeks, string? center, CancellationToken cancellationToken)
    {
        var period = Math.Clamp(days ?? 30, 1, MaxDays);
        var weekCount = Math.Clamp(weeks ?? 8, 1, StatsStore.MaxWeeks);
        var scope = StaffAccounts.Scope(context.User);
        // A name in the address (bookmarked before centers were kept by code) still works.
        center = StaffCenters.KeyOf(knowledge, center) ?? center;
        var centers = StaffAccounts.StatsCenters(context.User, center);
        var figures = await stats.ForLastDaysAsync(period, centers, cancellationToken);
        var weekly = await stats.WeeklyAsync(weekCount, centers, cancellationToken);
        IReadOnlyList<string>? choices = scope.IsAdmin ? [.. StaffCenters.All(knowledge).Select(u => u.Key)]
            : scope.Centers.Count > 1 ? [.. scope.Centers.Order(StringComparer.Ordinal)] : null;
        var chosen = centers is { Count: 1 } && center is { Length: > 0 } ? "&center=" + Uri.EscapeDataString(center) : "";
        var query = string.Create(CultureInfo.InvariantCulture, $"days={period}") + chosen;
        var weeklyQuery = string.Create(CultureInfo.InvariantCulture, $"weeks={weekCount}") + chosen;
        return ConsoleView.Page<DashboardPage>(context, new { Figures = figures, Weekly = weekly, Period = period, Centers = centers, CenterChoices = choices, Query = query, WeeklyQuery = weeklyQuery });
    }

    public static async Task<IResult> Audit(HttpContext context, EscalationStore escalations, string? who, int? skip, CancellationToken cancellationToken)
    {
        if ((who?.Length ?? 0) > 256)
        {
            return ConsoleView.Error(context, StatusCodes.Status400BadRequest, "Bộ lọc quá dài. · The filter is too long.");
        }
        const int pageSize = 100;
        var from = Math.Max(0, skip ?? 0);
        var entries = await escalations.AuditLogAsync(who, from, pageSize, cancellationToken);
        var next = entries.Count == pageSize ? string.Create(CultureInfo.InvariantCulture, $"/staff/audit?who={Uri.EscapeDataString(who ?? "")}&skip={from + pageSize}") : null;
        return ConsoleView.Page<AuditPage>(context, new { Entries = entries, Who = who, Next = next });
    }
}

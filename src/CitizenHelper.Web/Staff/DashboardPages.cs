using System.Globalization;
using System.Text;
using CitizenHelper.Answering;
using CitizenHelper.Storage;
using static CitizenHelper.Web.Staff.Html;

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
    /// Questions, answer rate, refusals and ratings are not tied to a center and are shown for the whole province only.
    /// </summary>
    public static async Task<IResult> Dashboard(HttpContext context, StatsStore stats, KnowledgeProvider knowledge, int? days, string? center, CancellationToken cancellationToken)
    {
        var period = Math.Clamp(days ?? 30, 1, MaxDays);
        var scope = StaffAccounts.Scope(context.User);
        // A name in the address (bookmarked before centers were kept by code) still works.
        center = StaffCenters.KeyOf(knowledge, center) ?? center;
        var centers = StaffAccounts.StatsCenters(context.User, center);
        var figures = await stats.ForLastDaysAsync(period, centers, cancellationToken);
        var choices = scope.IsAdmin ? StaffCenters.All(knowledge).Select(u => u.Key) : scope.Centers.Order(StringComparer.Ordinal);
        var centerFilter = scope.IsAdmin || scope.Centers.Count > 1
            ? Select("center", "Trung tâm · Center", centers is { Count: 1 } ? centers.First() : null, choices.Select(c => (c, StaffCenters.Label(knowledge, c))))
            : "";
        var query = string.Create(CultureInfo.InvariantCulture, $"days={period}") + (centers is { Count: 1 } && center is { Length: > 0 } ? "&center=" + Uri.EscapeDataString(center) : "");
        var escalations = figures.EscalationsPerDay.Sum(d => d.Count);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <form method="get" action="/staff/dashboard" class="filters">
            {Select("days", "Khoảng · Period", period.ToString(CultureInfo.InvariantCulture), [("7", "7 ngày · days"), ("30", "30 ngày · days"), ("90", "90 ngày · days"), ("365", "365 ngày · days")], any: false)}
            {centerFilter}
            <button type="submit">Xem · Show</button>
            <a href="/api/staff/stats.csv?{E(query)}">Tải CSV · Download CSV</a>
            </form>
            <p id="scope">{E(centers is null ? "Toàn tỉnh · Whole province" : $"Trung tâm · Centers: {string.Join("; ", centers.Select(c => StaffCenters.Label(knowledge, c)))}")}</p>
            <div class="charts">
            """);
        if (figures.Days is { } perDay)
        {
            var questions = perDay.Sum(d => d.Questions - d.SmallTalk - d.Refused);
            body.Append(CultureInfo.InvariantCulture, $"""
                <div class="chart"><p>Câu hỏi · Questions</p><p class="figure" id="questions">{questions}</p></div>
                <div class="chart"><p>Tỉ lệ trả lời được · Answer rate</p><p class="figure" id="answer-rate">{figures.AnswerRate:P0}</p></div>
                <div class="chart"><p>Từ chối có chủ đích (không tính vào tỉ lệ) · Refused on purpose (not counted in the rate)</p><p class="figure" id="refused">{perDay.Sum(d => d.Refused)}</p></div>
                """);
        }
        body.Append(CultureInfo.InvariantCulture, $"""
            <div class="chart"><p>Chuyển cán bộ · Escalations</p><p class="figure" id="escalations">{escalations}</p></div>
            <div class="chart"><p>Thời gian trung vị đến khi cán bộ trả lời · Median time to staff reply</p><p class="figure" id="median-reply">{Minutes(figures.MedianMinutesToStaffReply)}</p></div>
            </div>
            <div class="charts">
            """);
        body.Append(figures.Days is { } all
            ? $"<div class=\"chart\"><h2>Câu hỏi mỗi ngày · Questions per day</h2>{Charts.QuestionsPerDay(all)}</div>"
            : $"<div class=\"chart\"><h2>Chuyển cán bộ mỗi ngày · Escalations per day</h2>{Charts.EscalationsPerDay(figures.EscalationsPerDay)}</div>");
        body.Append(CultureInfo.InvariantCulture, $"""
            <div class="chart"><h2>Chuyển cán bộ theo lý do · Escalations by reason</h2>{Charts.Bars("Escalations by reason", figures.EscalationsByReason.Select(p => (Reason(p.Key), p.Value)), "#c62828")}</div>
            <div class="chart"><h2>Chuyển cán bộ theo thủ tục · Escalations by procedure</h2>{Charts.Bars("Escalations by procedure", figures.EscalationsByProcedure.Select(p => (p.Key == "none" ? "— chưa rõ · unknown" : StaffCenters.Label(knowledge, p.Key), p.Value)))}</div>
            <div class="chart"><h2>Chuyển cán bộ theo Trung tâm · Escalations by center</h2>{Charts.Bars("Escalations by center", figures.EscalationsByCenter.Select(p => (p.Key == "none" ? "— chưa rõ · unknown" : StaffCenters.Label(knowledge, p.Key), p.Value)), "#6a1b9a")}</div>
            """);
        if (figures.Ratings is { } ratings && figures.Refusals is { } refusals)
        {
            body.Append(CultureInfo.InvariantCulture, $"""
                <div class="chart"><h2>Hữu ích / không · Helpful / not</h2>{Charts.Ratings(ratings)}</div>
                <div class="chart"><h2>Từ chối có chủ đích theo loại · Refused on purpose, by kind</h2>{Charts.Bars("Refusals by kind", refusals.Select(p => (Refusal(p.Key), p.Value)), "#6d4c41")}</div>
                """);
        }
        body.Append("</div>");
        if (figures.Days is null)
        {
            body.Append("<p>Số câu hỏi, tỉ lệ trả lời và đánh giá được tính cho toàn tỉnh (không gắn với Trung tâm); quản trị viên xem được. · Questions, the answer rate and ratings are counted for the whole province (they are not tied to a center); administrators see them.</p>");
        }
        body.Append(CultureInfo.InvariantCulture, $"<p>Từ · From {figures.From:yyyy-MM-dd} đến · to {figures.To:yyyy-MM-dd} (UTC).</p>");
        return Page(context, "Thống kê · Dashboard", body.ToString());
    }

    private static string Refusal(string kind) => kind switch
    {
        "inject" => "Yêu cầu lách quy tắc · Instructions injected",
        "data" => "Hỏi thông tin người khác · Others' personal data",
        "offtopic" => "Ngoài phạm vi · Off-topic",
        "fraud" => "Làm giả, khai man, hối lộ · Forgery, false statements, bribes",
        _ => kind,
    };

    private static string Minutes(double? minutes) => minutes switch
    {
        null => "—",
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{minutes:0} phút · min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:0.#} giờ · h"),
    };

    public static async Task<IResult> Audit(HttpContext context, EscalationStore escalations, string? who, int? skip, CancellationToken cancellationToken)
    {
        if ((who?.Length ?? 0) > 256)
        {
            return Error(context, StatusCodes.Status400BadRequest, "The filter is too long.");
        }
        const int pageSize = 100;
        var from = Math.Max(0, skip ?? 0);
        var entries = await escalations.AuditLogAsync(who, from, pageSize, cancellationToken);
        var body = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"""
            <form method="get" action="/staff/audit" class="filters"><label>Người hoặc mã · Actor or subject <input name="who" maxlength="256" value="{E(who)}"></label><button type="submit">Lọc · Filter</button></form>
            <table><thead><tr><th>Lúc · At</th><th>Ai · Who</th><th>Việc · Action</th><th>Đối tượng · Subject</th><th>Chi tiết · Detail</th></tr></thead><tbody>
            """));
        foreach (var a in entries)
        {
            var subject = a.Subject.StartsWith("CH-", StringComparison.Ordinal) ? $"<a href=\"/staff/escalations/{E(a.Subject)}\">{E(a.Subject)}</a>" : E(a.Subject);
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(a.At)}</td><td>{E(a.Actor)}</td><td>{E(a.Action)}</td><td>{subject}</td><td>{E(a.Detail)}</td></tr>");
        }
        body.Append("</tbody></table>");
        if (entries.Count == pageSize)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/staff/audit?who={Uri.EscapeDataString(who ?? "")}&amp;skip={from + pageSize}\">Trang sau · Next page →</a></p>");
        }
        return Page(context, "Nhật ký thao tác · Audit log", body.ToString());
    }
}

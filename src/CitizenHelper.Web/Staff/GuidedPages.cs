using System.Globalization;
using System.Text;
using CitizenHelper.Answering;
using CitizenHelper.Bot.Guided;
using CitizenHelper.Storage;
using static CitizenHelper.Web.Staff.Html;

namespace CitizenHelper.Web.Staff;

/// <summary>
/// Where residents get stuck in guided mode (<c>/staff/guided</c>, and the same figures as JSON at
/// <c>/api/staff/guided</c>): per procedure, the places guides are most often left at, then each session — how far it
/// got, which papers the resident does not have yet, when it last moved, their rating and escalation. Staff see the
/// sessions of their centers, administrators all.
/// </summary>
public static class GuidedPages
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;
    private const int MaxFilterLength = 32;

    public static IEndpointRouteBuilder MapGuidedPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/staff/guided", List).RequireAuthorization(StaffAccounts.StaffPolicy).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// <c>procedure, state (stuck|finished), from, to (yyyy-MM-dd), days</c> (without <c>from</c>, the last
    /// <c>days</c> days, 30 by default). Returns the query, or a message naming the filter that is wrong.
    /// </summary>
    public static (GuidedSessionQuery? Query, string? Error) Parse(IQueryCollection values, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(values);
        var filters = new QueryFilterReader(values);
        if (filters.TooLong(MaxFilterLength, "procedure", "state", "from", "to", "days") is { } tooLong)
        {
            return (null, tooLong);
        }
        if (filters.Choice<GuidedSessionState>("state", "stuck or finished", out var state) is { } badState)
        {
            return (null, badState);
        }
        if (filters.Dates(out var from, out var to) is { } badDate)
        {
            return (null, badDate);
        }
        var days = DefaultDays;
        if (filters.Text("days") is { } daysText && (!int.TryParse(daysText, NumberStyles.None, CultureInfo.InvariantCulture, out days) || days is < 1 or > MaxDays))
        {
            return (null, $"'days' must be between 1 and {MaxDays}.");
        }
        from ??= DateOnly.FromDateTime(now.UtcDateTime).AddDays(1 - days);
        return (new GuidedSessionQuery { Procedure = filters.Text("procedure"), State = state, From = from, To = to }, null);
    }

    /// <summary>One session as staff read it.</summary>
    public sealed record SessionRow(
        string ConversationId, string? Procedure, string? ProcedureTitle, string Language, string Position, string Place, bool Stopped, bool Done,
        IReadOnlyList<string> Missing, int HelpRequests, string? Center, bool? Helpful, string? Escalation, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt);

    /// <summary>Unfinished guides counted by the place they were left at: where the text or the procedure is hard.</summary>
    public sealed record StopPoint(string? Procedure, string Position, string Place, int Sessions, int HelpRequests);

    /// <summary>One procedure's guides: how many started and finished, and where the unfinished ones stopped, most often first.</summary>
    public sealed record ProcedureStops(string? Procedure, string? Title, int Started, int Finished, int Helpful, int NotHelpful, IReadOnlyList<StopPoint> Stops);

    public sealed record GuidedReport(DateOnly? From, DateOnly? To, int Started, int Finished, IReadOnlyList<ProcedureStops> Procedures, IReadOnlyList<SessionRow> Sessions)
    {
        /// <summary>Every procedure's stop points together, most often first.</summary>
        public IReadOnlyList<StopPoint> Stuck => [.. Procedures.SelectMany(p => p.Stops).OrderByDescending(s => s.Sessions).ThenByDescending(s => s.HelpRequests)];
    }

    /// <summary>The sessions the user may see, with the per-procedure stop points, described from the Vietnamese script.</summary>
    public static async Task<GuidedReport> ReportAsync(
        GuidedSessionQuery query, StaffScope scope, GuidedSessionStore store, KnowledgeProvider knowledge, LanguagePackProvider packs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var views = await store.ListAsync(query, scope, cancellationToken);
        var scripts = new Dictionary<string, GuidedScript?>(StringComparer.Ordinal);
        GuidedScript? Script(string? code) => code is null ? null
            : scripts.TryGetValue(code, out var known) ? known
            : scripts[code] = GuidedScript.For(knowledge.Current.Base, packs.Current, code, LanguagePacks.Fallback);
        var rows = views.Select(v =>
        {
            var r = v.Record;
            var script = Script(r.ProcedureCode);
            var session = GuidedSessionStore.Session(r);
            IReadOnlyList<string> missing = script is null || session is null ? [] : [.. session.Missing.Where(i => i < script.Documents.Count).Select(i => script.Documents[i].Title)];
            return new SessionRow(r.ConversationId, r.ProcedureCode, script?.Procedure.Title, r.Language, r.Position, Place(r.Position, script), r.Stopped, r.Done,
                missing, r.HelpRequests, r.Center, v.Helpful, v.EscalationReference, r.StartedAt, r.UpdatedAt);
        }).ToList();
        // The figures per procedure count every matching session in the database, not only the listed ones.
        var totals = await store.TotalsAsync(query, scope, cancellationToken);
        var procedures = totals.Places.GroupBy(p => p.ProcedureCode)
            .Select(g => new ProcedureStops(
                g.Key,
                Script(g.Key)?.Procedure.Title,
                g.Sum(p => p.Sessions),
                g.Where(p => p.Done).Sum(p => p.Sessions),
                totals.Ratings.Where(r => r.ProcedureCode == g.Key && r.Helpful).Sum(r => r.Count),
                totals.Ratings.Where(r => r.ProcedureCode == g.Key && !r.Helpful).Sum(r => r.Count),
                [.. g.Where(p => !p.Done)
                    .Select(p => new StopPoint(g.Key, p.Position, Place(p.Position, Script(g.Key)), p.Sessions, p.HelpRequests))
                    .OrderByDescending(p => p.Sessions).ThenByDescending(p => p.HelpRequests).ThenBy(p => p.Position, StringComparer.Ordinal)]))
            .OrderByDescending(p => p.Started - p.Finished).ThenByDescending(p => p.Started).ThenBy(p => p.Procedure, StringComparer.Ordinal)
            .ToList();
        return new GuidedReport(query.From, query.To, procedures.Sum(p => p.Started), procedures.Sum(p => p.Finished), procedures, rows);
    }

    /// <summary>"steps:2" → "Bước 3/5 · Step 3 of 5: first words of the step".</summary>
    public static string Place(string position, GuidedScript? script)
    {
        ArgumentNullException.ThrowIfNull(position);
        var parts = position.Split(':');
        var index = parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1;
        static string Short(string text) => text.Length <= 60 ? text : text[..59] + "…";
        return parts[0] switch
        {
            "documents" when script is not null && index >= 0 && index < script.Documents.Count =>
                string.Create(CultureInfo.InvariantCulture, $"Giấy tờ {index + 1}/{script.Documents.Count} · Paper {index + 1} of {script.Documents.Count}: {Short(script.Documents[index].Title)}"),
            "documents" => string.Create(CultureInfo.InvariantCulture, $"Giấy tờ {index + 1} · Paper {index + 1}"),
            "steps" when script is not null && index >= 0 && index < script.Steps.Count =>
                string.Create(CultureInfo.InvariantCulture, $"Bước {index + 1}/{script.Steps.Count} · Step {index + 1} of {script.Steps.Count}: {Short(script.Steps[index][0])}"),
            "steps" => string.Create(CultureInfo.InvariantCulture, $"Bước {index + 1} · Step {index + 1}"),
            "missing" => "Giấy tờ còn thiếu · What is missing",
            "where" => "Nơi nộp · Where to go",
            "choosing" => "Đang chọn thủ tục · Choosing the procedure",
            "done" => "Đã xong · Finished",
            _ => position,
        };
    }

    public static async Task<IResult> List(
        HttpContext context, GuidedSessionStore store, KnowledgeProvider knowledge, LanguagePackProvider packs, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (query, error) = Parse(context.Request.Query, clock.GetUtcNow());
        if (query is null)
        {
            return Error(context, StatusCodes.Status400BadRequest, error!, "/staff/guided");
        }
        var report = await ReportAsync(query, StaffAccounts.Scope(context.User), store, knowledge, packs, cancellationToken);
        var q = context.Request.Query;
        var codes = knowledge.Current.Base.Procedures.Where(p => p.Language == LanguagePacks.Fallback)
            .OrderBy(p => p.Code, StringComparer.Ordinal).Select(p => (p.Code, $"{p.Code} — {Shorten(p.Title)}"));
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <p>Hướng dẫn từng bước mà người dân đã làm: dừng ở đâu, còn thiếu giấy tờ gì. · Residents' step-by-step guides: where they stopped, which papers they still lack.</p>
            <form method="get" action="/staff/guided" class="filters" role="search">
            {Select("procedure", "Thủ tục · Procedure", q["procedure"], codes)}
            {Select("state", "Tình trạng · State", q["state"], [("stuck", "Dừng giữa chừng · Stuck"), ("finished", "Đã xong · Finished")])}
            <label>Từ · From <input type="date" name="from" value="{E(query.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}"></label>
            <label>Đến · To <input type="date" name="to" value="{E(q["to"])}"></label>
            <button type="submit">Lọc · Filter</button>
            </form>
            <p id="guided-totals">Bắt đầu · Started: <strong>{report.Started}</strong> · Đã xong · Finished: <strong>{report.Finished}</strong> · Dừng giữa chừng · Stuck: <strong>{report.Started - report.Finished}</strong></p>
            <h2>Hay dừng ở đâu · Where residents stop most often</h2>
            """);
        if (report.Procedures.Count == 0)
        {
            body.Append("<p>Chưa có hướng dẫn nào trong khoảng này. · No guides in this period.</p>");
        }
        else
        {
            body.Append("<table id=\"guided-stops\"><thead><tr><th scope=\"col\">Thủ tục · Procedure</th><th scope=\"col\">Bắt đầu / xong · Started / finished</th>")
                .Append("<th scope=\"col\">Hữu ích / không · Helpful / not</th><th scope=\"col\">Dừng nhiều nhất ở · Stopped most often at</th></tr></thead><tbody>");
            foreach (var p in report.Procedures)
            {
                var cell = p.Procedure is null ? ProcedureCell(null, null)
                    : $"<a href=\"/staff/guided?procedure={Uri.EscapeDataString(p.Procedure)}&amp;state=stuck&amp;from={query.From:yyyy-MM-dd}\">{ProcedureCell(p.Procedure, p.Title)}</a>";
                body.Append(CultureInfo.InvariantCulture, $"<tr><td>{cell}</td><td>{p.Started} / {p.Finished}</td><td>{p.Helpful} / {p.NotHelpful}</td><td>");
                if (p.Stops.Count == 0)
                {
                    body.Append('—');
                }
                else
                {
                    body.Append("<ol>");
                    foreach (var s in p.Stops)
                    {
                        body.Append(CultureInfo.InvariantCulture, $"<li>{E(s.Place)}: <strong>{s.Sessions}</strong> {(s.Sessions == 1 ? "lượt · guide" : "lượt · guides")}{(s.HelpRequests > 0 ? $", {s.HelpRequests} lần xin giúp · help requests" : "")}</li>");
                    }
                    body.Append("</ol>");
                }
                body.Append("</td></tr>");
            }
            body.Append("</tbody></table>");
        }
        body.Append("<h2>Từng lượt · Each guide</h2>");
        if (report.Sessions.Count > 0)
        {
            body.Append("<table id=\"guided-sessions\"><thead><tr><th scope=\"col\">Hoạt động cuối · Last activity</th><th scope=\"col\">Thủ tục · Procedure</th>")
                .Append("<th scope=\"col\">Đến đâu · Reached</th><th scope=\"col\">Còn thiếu · Missing papers</th><th scope=\"col\">Ngôn ngữ · Language</th>")
                .Append("<th scope=\"col\">Đánh giá · Rating</th><th scope=\"col\">Trung tâm · Center</th><th scope=\"col\">Chuyển cán bộ · Escalation</th></tr></thead><tbody>");
            foreach (var r in report.Sessions)
            {
                var state = r.Done ? "" : r.Stopped ? " <em>(đã dừng · stopped)</em>" : " <em>(bỏ dở · left)</em>";
                var missing = r.Missing.Count == 0 ? "—" : "<ul>" + string.Concat(r.Missing.Select(m => $"<li>{E(m)}</li>")) + "</ul>";
                var rating = r.Helpful switch { true => "👍 Hữu ích · Helpful", false => "👎 Không hữu ích · Not helpful", _ => "—" };
                var escalation = r.Escalation is null ? "—" : $"<a href=\"/staff/escalations/{E(r.Escalation)}\">{E(r.Escalation)}</a>";
                body.Append(CultureInfo.InvariantCulture, $"""
                    <tr data-conversation="{E(r.ConversationId)}"><td>{E(r.UpdatedAt)}</td><td>{ProcedureCell(r.Procedure, r.ProcedureTitle)}</td><td>{E(r.Place)}{state}{(r.HelpRequests > 0 ? $"<br>{r.HelpRequests} lần xin giúp · help requests" : "")}</td>
                    <td>{missing}</td><td>{E(Language(r.Language, packs))}</td><td>{rating}</td><td>{E(StaffCenters.Label(knowledge, r.Center))}</td><td>{escalation}</td></tr>
                    """);
            }
            body.Append("</tbody></table>");
        }
        if (report.Sessions.Count == query.Take)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p>Chỉ hiện {query.Take} lượt mới nhất; hãy thu hẹp bộ lọc. · Only the latest {query.Take} guides are shown; narrow the filters.</p>");
        }
        body.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/api/staff/guided{E(context.Request.QueryString.Value)}\">JSON</a></p>");
        return Page(context, "Hướng dẫn từng bước · Guided help", body.ToString());
    }

    private static string ProcedureCell(string? code, string? title) =>
        code is null ? "— (chưa chọn · not chosen)" : $"{E(code)}<br><small>{E(Shorten(title ?? ""))}</small>";

    private static string Language(string code, LanguagePackProvider packs) =>
        $"{packs.Current.Find(code)?.Name ?? CitizenHelper.Answering.Understanding.Languages.Name(code, LanguagePacks.Fallback)} ({code})";

    private static string Shorten(string title) => title.Length <= 70 ? title : title[..69] + "…";
}

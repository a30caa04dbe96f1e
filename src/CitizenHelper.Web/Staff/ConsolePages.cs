using System.Globalization;
using System.Security.Claims;
using System.Text;
using CitizenHelper.Answering;
using CitizenHelper.Knowledge.Text;
using CitizenHelper.Storage;
using CitizenHelper.Web.Apis;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using static CitizenHelper.Web.Staff.Html;

namespace CitizenHelper.Web.Staff;

/// <summary>The staff console's queue and escalation pages, server-rendered; every action posts a protected form.</summary>
public static class ConsolePages
{
    private const int TranscriptMessages = 50;

    public static IEndpointRouteBuilder MapStaffConsole(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/staff").ExcludeFromDescription();
        pages.MapAccountPages();
        var staff = pages.MapGroup("").RequireAuthorization(StaffAccounts.StaffPolicy);
        staff.MapGet("", Queue);
        staff.MapGet("/escalations/{reference}", Detail);
        staff.MapPost("/escalations/{reference}/take", Take);
        staff.MapPost("/escalations/{reference}/reply", Reply);
        staff.MapPost("/escalations/{reference}/resolve", Resolve);
        staff.MapPost("/escalations/{reference}/assign", Assign).RequireAuthorization(StaffAccounts.AdminPolicy);
        staff.MapPost("/escalations/{reference}/route", Route).RequireAuthorization(StaffAccounts.AdminPolicy);
        staff.MapKnowledgePages();
        staff.MapPortalPages();
        staff.MapDashboardPages();
        staff.MapPosterPages();
        return app;
    }

    public static async Task<IResult> Queue(HttpContext context, EscalationStore escalations, KnowledgeProvider knowledge, CancellationToken cancellationToken)
    {
        var (query, error) = QueueFilters.Parse(context.Request.Query);
        if (query is null)
        {
            return Error(context, StatusCodes.Status400BadRequest, error!);
        }
        var scope = StaffAccounts.Scope(context.User);
        var records = await escalations.ListAsync(query, scope, cancellationToken);
        var q = context.Request.Query;
        var procedures = knowledge.Current.Base.Procedures.Select(p => p.Code).Distinct().Order(StringComparer.Ordinal).Select(c => (c, c));
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <form method="get" action="/staff" class="filters" role="search">
            {Select("status", "Trạng thái · Status", q["status"], Enum.GetValues<EscalationStatus>().Select(s => (s.ToString(), Status(s))))}
            {Select("reason", "Lý do · Reason", q["reason"], Reasons.Select(r => (r, Reason(r))))}
            {Select("procedure", "Thủ tục · Procedure", q["procedure"], procedures)}
            {Select("language", "Ngôn ngữ · Language", q["language"], [("vi", "Tiếng Việt"), ("en", "English")])}
            {(scope.IsAdmin ? Select("center", "Trung tâm · Center", q["center"], StaffCenters.All(knowledge).Select(u => (u.Key, u.Label))) : "")}
            <label>Từ · From <input type="date" name="from" value="{E(q["from"])}"></label>
            <label>Đến · To <input type="date" name="to" value="{E(q["to"])}"></label>
            <label>Tìm · Search <input type="search" name="q" maxlength="200" value="{E(q["q"])}"></label>
            <button type="submit">Lọc · Filter</button>
            </form>
            """);
        if (!scope.IsAdmin && scope.Centers.Count == 0)
        {
            body.Append("<p class=\"error\">Tài khoản chưa được giao Trung tâm nào; hãy nhờ quản trị viên. · Your account has no center yet; ask an administrator.</p>");
        }
        body.Append("<table><thead><tr><th>Mã · Ref</th><th>Câu hỏi · Question</th><th>Lý do · Reason</th><th>Thủ tục · Procedure</th><th>Trung tâm · Center</th><th>Trạng thái · Status</th><th>Người nhận · Taken by</th><th>Lúc · Created</th></tr></thead><tbody>");
        foreach (var e in records)
        {
            body.Append(CultureInfo.InvariantCulture, $"""
                <tr><td><a href="/staff/escalations/{E(e.Reference)}">{E(e.Reference)}</a></td><td>{E(Shorten(e.Question, 140))}</td><td>{E(Reason(e.Reason))}</td>
                <td>{E(e.ProcedureCode)}</td><td>{E(StaffCenters.Label(knowledge, e.Center))}</td><td>{E(Status(e.Status))}{(e.CallbackPhone is not null && scope.SeesPhoneOf(e) ? " ☎" : "")}</td><td>{E(e.AssignedTo)}</td><td>{E(e.CreatedAt)}</td></tr>
                """);
        }
        body.Append("</tbody></table>");
        var filters = QueryString.Create(q.Where(p => p.Key is not ("skip" or "take")).Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString())));
        body.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/api/staff/escalations.csv{E(filters.ToString())}\">Tải CSV · Download CSV</a></p>");
        if (records.Count == 0)
        {
            body.Append("<p>Không có yêu cầu nào khớp. · Nothing matches.</p>");
        }
        else if (records.Count == query.Take)
        {
            var next = QueryString.Create(q.Where(p => p.Key != "skip").Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString())).Append(KeyValuePair.Create("skip", (string?)(query.Skip + query.Take).ToString(CultureInfo.InvariantCulture))));
            body.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/staff{E(next.ToString())}\">Trang sau · Next page →</a></p>");
        }
        return Page(context, "Hàng chờ · Queue", body.ToString());
    }

    public static async Task<IResult> Detail(
        string reference, HttpContext context, EscalationStore escalations, ConversationStore conversations, KnowledgeProvider knowledge,
        UserManager<StaffUser> users, IOptions<StaffOptions> options, CancellationToken cancellationToken)
    {
        var scope = StaffAccounts.Scope(context.User);
        var e = await escalations.FindAsync(reference, scope, cancellationToken);
        if (e is null)
        {
            return Error(context, StatusCodes.Status404NotFound, "No escalation with that reference that you may see. / Không có yêu cầu với mã này mà bạn được xem.");
        }
        var body = new StringBuilder();
        if (context.Request.Query["done"].ToString() is { Length: > 0 } done)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" role=\"status\">{E(done switch { "reply" => "Đã gửi câu trả lời vào cuộc trò chuyện của người dân. · The reply was delivered into the citizen's chat.", "reply-pending" => "Đã lưu câu trả lời nhưng chưa gửi được; hệ thống sẽ tự gửi lại. · The reply is saved but not delivered yet; it will be delivered automatically.", "resolve" => "Đã đánh dấu xong. · Resolved.", "take" => "Bạn đã nhận yêu cầu này. · You took it.", _ => "Đã lưu. · Saved." })}</p>");
        }
        var procedureLink = e.ProcedureCode is { } code ? $"<a href=\"/kb/{E(code)}/{E(e.Language)}\">{E(code)}</a>" : "—";
        body.Append(CultureInfo.InvariantCulture, $"""
            <table class="meta">
            <tr><th>Mã · Reference</th><td>{E(e.Reference)}</td></tr>
            <tr><th>Trạng thái · Status</th><td id="status">{E(Status(e.Status))}</td></tr>
            <tr><th>Lý do · Reason</th><td>{E(Reason(e.Reason))}</td></tr>
            <tr><th>Câu hỏi · Question</th><td>{E(e.Question)}</td></tr>
            <tr><th>Ngôn ngữ · Language</th><td>{E(e.Language)}</td></tr>
            <tr><th>Thủ tục · Procedure</th><td>{procedureLink}</td></tr>
            <tr><th>Trung tâm · Center</th><td>{E(e.Center is null ? "— (chưa rõ · unknown)" : StaffCenters.Label(knowledge, e.Center))}</td></tr>
            <tr><th>Người nhận · Taken by</th><td>{E(e.AssignedTo ?? "—")}</td></tr>
            <tr><th>Lúc · Created</th><td>{E(e.CreatedAt)}</td></tr>
            <tr><th>Trả lời lúc · Answered</th><td>{E(e.AnsweredAt)}</td></tr>
            </table>
            """);
        if (e.CallbackPhone is { } phone && scope.SeesPhoneOf(e))
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"phone\">☎ Người dân để lại số để được gọi lại · The citizen left a number for a call-back: <strong>{E(phone)}</strong> ({E(e.CallbackLeftAt)}; xoá sau · deleted after {options.Value.CallbackRetentionDays} ngày · days)</p>");
        }

        var replies = await escalations.RepliesAsync(e.Reference, cancellationToken);
        if (replies.Count > 0)
        {
            body.Append("<h2>Trả lời của cán bộ · Staff replies</h2><ul id=\"replies\">");
            foreach (var r in replies)
            {
                var state = r.DeliveredAt is { } at
                    ? $"<small>đã gửi · delivered {E(at)}</small>"
                    : "<strong class=\"pending\">đang chờ gửi · pending delivery</strong>";
                body.Append(CultureInfo.InvariantCulture, $"<li>{E(r.CreatedAt)} — {E(r.Actor)}: {E(PersonalData.Redact(r.Text))} ({state})</li>");
            }
            body.Append("</ul>");
        }

        // Each message its own element, marked with its speaker, and on one line: a citizen's text cannot pass for a
        // line of staff or of the bot.
        body.Append("<h2>Cuộc trò chuyện · Conversation <small>(đã che thông tin cá nhân · personal data redacted)</small></h2><ol id=\"transcript\" class=\"transcript\">\n");
        foreach (var entry in await RedactedConversationAsync(conversations, e.ConversationId, cancellationToken))
        {
            body.Append(CultureInfo.InvariantCulture,
                $"<li class=\"from-{entry.Who}\"><span class=\"who\">[{entry.At:yyyy-MM-dd HH:mm}Z] {entry.Who}:</span> <span class=\"said\">{E(entry.Text)}</span></li>\n");
        }
        body.Append("</ol>");

        var version = EscalationActions.Version(e).ToString(CultureInfo.InvariantCulture);
        var path = $"/staff/escalations/{e.Reference}";
        if (e.Status != EscalationStatus.Resolved)
        {
            body.Append("<h2>Xử lý · Act</h2>");
            if (e.AssignedTo != StaffAccounts.Actor(context.User))
            {
                body.Append(Form(context, $"{path}/take", "", "Nhận xử lý · Take", inline: true));
            }
            body.Append(Form(context, $"{path}/resolve", Hidden("version", version), "Đánh dấu xong · Resolve", inline: true));
            body.Append(Form(context, $"{path}/reply",
                Hidden("version", version) + $"<label for=\"reply\">Trả lời người dân (gửi vào cuộc trò chuyện của họ) · Reply to the citizen (delivered into their chat)</label><textarea id=\"reply\" name=\"text\" maxlength=\"{EscalationActions.MaxReplyLength}\" required></textarea>",
                "Gửi trả lời · Send reply", cssClass: "block"));
            if (IsAdmin(context.User))
            {
                var staffUsers = (await users.GetUsersInRoleAsync(StaffRoles.Staff)).Concat(await users.GetUsersInRoleAsync(StaffRoles.Admin))
                    .Select(u => u.Email ?? "").Where(m => m.Length > 0).Distinct().Order(StringComparer.Ordinal);
                body.Append(Form(context, $"{path}/assign", Select("assignee", "Giao cho · Assign to", e.AssignedTo, staffUsers.Select(m => (m, m)), any: false), "Giao · Assign", inline: true));
                var centers = StaffCenters.All(knowledge).Select(u => (u.Key, u.Label));
                body.Append(Form(context, $"{path}/route", Select("center", "Chuyển Trung tâm · Route to center", e.Center, centers, any: false), "Chuyển · Route", inline: true));
            }
        }
        if (e.AnsweredAt is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(path)}/draft\">Soạn mục tri thức từ câu trả lời · Draft a knowledge entry from the reply</a></p>");
        }

        body.Append("<h2>Lịch sử · History</h2><ul>");
        foreach (var a in await escalations.AuditAsync(e.Reference, cancellationToken))
        {
            body.Append(CultureInfo.InvariantCulture, $"<li>{E(a.At)} — {E(a.Actor)}: {E(a.Action)} {E(a.Detail)}</li>");
        }
        body.Append("</ul>");
        return Page(context, $"Yêu cầu · Escalation {e.Reference}", body.ToString());
    }

    /// <summary>One message of a conversation shown to staff: when, who (user, bot or staff) and its text on one line.</summary>
    public sealed record TranscriptEntry(DateTimeOffset? At, string Who, string Text)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{At:yyyy-MM-dd HH:mm}Z] {Who}: {Text}");
    }

    /// <summary>The conversation as it is now (staff replies and later messages included), with personal data redacted.</summary>
    public static async Task<IReadOnlyList<TranscriptEntry>> RedactedConversationAsync(ConversationStore conversations, string conversationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        var activities = await conversations.TranscriptAsync(conversationId, TranscriptMessages, cancellationToken);
        return [.. activities.Select(a =>
        {
            // Only the service writes as the bot or staff (clients post as the user): the speaker is one of three names.
            var who = a.From is { Role: Bot.Schema.RoleTypes.Bot } from ? (from.Id == "staff" ? "staff" : "bot") : "user";
            return new TranscriptEntry(a.Timestamp, who, TranscriptText.OneLine(PersonalData.Redact(a.Text ?? "")));
        })];
    }

    public static async Task<IResult> Take(string reference, HttpContext context, EscalationActions actions, CancellationToken cancellationToken)
    {
        var (_, error) = await ConsoleForms.ReadAsync(context);
        if (error is not null)
        {
            return error;
        }
        var outcome = await actions.TakeAsync(reference, StaffAccounts.Scope(context.User), StaffAccounts.Actor(context.User), cancellationToken);
        return After(context, outcome, reference, "take");
    }

    public static async Task<IResult> Reply(string reference, HttpContext context, EscalationActions actions, CancellationToken cancellationToken)
    {
        var (form, error) = await ConsoleForms.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }
        if (!TryVersion(form, out var version))
        {
            return Error(context, StatusCodes.Status400BadRequest, "The form has no valid version; open the page again. / Biểu mẫu thiếu phiên bản; hãy mở lại trang.", $"/staff/escalations/{reference}");
        }
        var outcome = await actions.ReplyAsync(reference, form["text"], StaffAccounts.Scope(context.User), StaffAccounts.Actor(context.User), version, cancellationToken);
        return After(context, outcome, reference, outcome.Pending ? "reply-pending" : "reply");
    }

    public static async Task<IResult> Resolve(string reference, HttpContext context, EscalationActions actions, CancellationToken cancellationToken)
    {
        var (form, error) = await ConsoleForms.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }
        if (!TryVersion(form, out var version))
        {
            return Error(context, StatusCodes.Status400BadRequest, "The form has no valid version; open the page again. / Biểu mẫu thiếu phiên bản; hãy mở lại trang.", $"/staff/escalations/{reference}");
        }
        var outcome = await actions.ResolveAsync(reference, StaffAccounts.Scope(context.User), StaffAccounts.Actor(context.User), version, cancellationToken);
        return After(context, outcome, reference, "resolve");
    }

    public static async Task<IResult> Assign(string reference, HttpContext context, EscalationActions actions, UserManager<StaffUser> users, CancellationToken cancellationToken)
    {
        var (form, error) = await ConsoleForms.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }
        var assignee = form["assignee"].ToString();
        if (assignee.Length is 0 or > 256 || await users.FindByEmailAsync(assignee) is null)
        {
            return Error(context, StatusCodes.Status400BadRequest, "No staff account with that e-mail. / Không có tài khoản cán bộ với email này.", $"/staff/escalations/{reference}");
        }
        var outcome = await actions.AssignAsync(reference, assignee, StaffAccounts.Scope(context.User), StaffAccounts.Actor(context.User), cancellationToken);
        return After(context, outcome, reference, "assign");
    }

    public static async Task<IResult> Route(string reference, HttpContext context, EscalationActions actions, KnowledgeProvider knowledge, CancellationToken cancellationToken)
    {
        var (form, error) = await ConsoleForms.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }
        if (StaffCenters.KeyOf(knowledge, form["center"].ToString()) is not { } center)
        {
            return Error(context, StatusCodes.Status400BadRequest, "That center is not in knowledge/centers. / Trung tâm này không có trong danh sách.", $"/staff/escalations/{reference}");
        }
        var outcome = await actions.RouteAsync(reference, center, StaffAccounts.Scope(context.User), StaffAccounts.Actor(context.User), cancellationToken);
        return After(context, outcome, reference, "route");
    }

    private static bool TryVersion(IFormCollection form, out long version) =>
        long.TryParse(form["version"], NumberStyles.None, CultureInfo.InvariantCulture, out version);

    /// <summary>Post, then redirect: a reload does not send the form again.</summary>
    private static IResult After(HttpContext context, StaffOutcome outcome, string reference, string done) => outcome.Kind switch
    {
        StaffOutcomeKind.Done => TypedResults.Redirect($"/staff/escalations/{Uri.EscapeDataString(reference)}?done={done}"),
        StaffOutcomeKind.NotFound => Error(context, StatusCodes.Status404NotFound, outcome.Message!),
        StaffOutcomeKind.Invalid => Error(context, StatusCodes.Status400BadRequest, outcome.Message!, $"/staff/escalations/{reference}"),
        StaffOutcomeKind.Conflict => Error(context, StatusCodes.Status409Conflict, outcome.Message!, $"/staff/escalations/{reference}"),
        _ => Error(context, StatusCodes.Status410Gone, outcome.Message!, $"/staff/escalations/{reference}"),
    };

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}

using System.Globalization;
using System.Text;
using CitizenHelper.Storage;
using static CitizenHelper.Web.Staff.Html;

namespace CitizenHelper.Web.Staff;

/// <summary>Drafting knowledge entries from replies, and the administrators' review of them (diff, approve, reject).</summary>
public static class KnowledgePages
{
    public static RouteGroupBuilder MapKnowledgePages(this RouteGroupBuilder staff)
    {
        ArgumentNullException.ThrowIfNull(staff);
        staff.MapGet("/escalations/{reference}/draft", DraftForm);
        staff.MapPost("/escalations/{reference}/draft", Draft);
        staff.MapGet("/drafts", Drafts);
        staff.MapGet("/drafts/{id:long}", DraftPage);
        staff.MapPost("/drafts/{id:long}/approve", Approve).RequireAuthorization(StaffAccounts.AdminPolicy);
        staff.MapPost("/drafts/{id:long}/reject", Reject).RequireAuthorization(StaffAccounts.AdminPolicy);
        return staff;
    }

    public static async Task<IResult> DraftForm(
        string reference, string? document, string? kind, HttpContext context, EscalationStore escalations, ConversationStore conversations,
        KnowledgeDrafting drafting, CancellationToken cancellationToken)
    {
        var escalation = await escalations.FindAsync(reference, StaffAccounts.Scope(context.User), cancellationToken);
        if (escalation is null)
        {
            return Error(context, StatusCodes.Status404NotFound, "No escalation with that reference that you may see. / Không có yêu cầu với mã này mà bạn được xem.");
        }
        var lastReply = (await conversations.TranscriptAsync(escalation.ConversationId, 50, cancellationToken)).LastOrDefault(a => a.From?.Id == "staff")?.Text ?? "";
        var path = KnowledgeDrafting.IsDocumentPath(document) ? document!
            : escalation.ProcedureCode is { } code && $"procedures/{code}.{escalation.Language}.md" is var own && KnowledgeDrafting.IsDocumentPath(own) ? own : null;
        return DraftFormPage(context, escalation, drafting, path, kind == "correction" ? "correction" : "faq", escalation.Question, lastReply, null, [], StatusCodes.Status200OK);
    }

    private static IResult DraftFormPage(
        HttpContext context, EscalationRecord escalation, KnowledgeDrafting drafting, string? path, string kind, string question, string answer, string? content,
        IReadOnlyList<string> problems, int status)
    {
        var self = $"/staff/escalations/{escalation.Reference}/draft";
        var body = new StringBuilder();
        if (problems.Count > 0)
        {
            body.Append("<div class=\"error\" role=\"alert\"><p>Bản nháp chưa đạt kiểm tra tri thức; chưa lưu gì. · The draft does not pass the knowledge checks; nothing was saved.</p><ul>");
            foreach (var problem in problems)
            {
                body.Append(CultureInfo.InvariantCulture, $"<li>{E(problem)}</li>");
            }
            body.Append("</ul></div>");
        }
        body.Append(CultureInfo.InvariantCulture, $"""
            <form method="get" action="{E(self)}" class="filters">
            {Select("document", "Tài liệu · Document", path, drafting.Documents().Select(d => (d.Path, d.Title)), any: false)}
            {Select("kind", "Loại · Kind", kind, [("faq", "Thêm hỏi–đáp · Add a question and answer"), ("correction", "Sửa tài liệu · Correct the document")], any: false)}
            <button type="submit">Chọn · Choose</button>
            </form>
            """);
        if (path is null)
        {
            body.Append("<p>Chọn một tài liệu. · Choose a document.</p>");
            return Page(context, $"Soạn mục tri thức · Draft knowledge ({escalation.Reference})", body.ToString(), status);
        }
        string fields;
        if (kind == "faq")
        {
            fields = $"""
                {Hidden("document", path)}{Hidden("kind", "faq")}
                <p>Thêm vào mục ghi chú của {E(path)} · Added to the notes of {E(path)}</p>
                <label>Câu hỏi · Question <textarea name="question" maxlength="{KnowledgeDrafting.MaxFaqChars}" required>{E(question)}</textarea></label>
                <label>Trả lời · Answer <textarea name="answer" maxlength="{KnowledgeDrafting.MaxFaqChars}" required>{E(answer)}</textarea></label>
                """;
        }
        else
        {
            fields = $"""
                {Hidden("document", path)}{Hidden("kind", "correction")}
                <label>{E(path)} (Markdown) <textarea class="code" name="content" maxlength="{KnowledgeDrafting.MaxDocumentChars}" required>{E(content ?? drafting.CurrentText(path))}</textarea></label>
                """;
        }
        body.Append(Form(context, self, fields, "Gửi để quản trị duyệt · Send for review", cssClass: "block"));
        return Page(context, $"Soạn mục tri thức · Draft knowledge ({escalation.Reference})", body.ToString(), status);
    }

    public static async Task<IResult> Draft(string reference, HttpContext context, EscalationStore escalations, KnowledgeDrafting drafting, CancellationToken cancellationToken)
    {
        var (form, error) = await ConsoleForms.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }
        var escalation = await escalations.FindAsync(reference, StaffAccounts.Scope(context.User), cancellationToken);
        if (escalation is null)
        {
            return Error(context, StatusCodes.Status404NotFound, "No escalation with that reference that you may see. / Không có yêu cầu với mã này mà bạn được xem.");
        }
        var request = new DraftRequest(form["document"], form["kind"], form["question"], form["answer"], form["content"]);
        var (draft, problems) = await CreateAsync(request, escalation.Reference, drafting, StaffAccounts.Actor(context.User), cancellationToken);
        return draft is not null
            ? TypedResults.Redirect($"/staff/drafts/{draft.Id}")
            : DraftFormPage(context, escalation, drafting, KnowledgeDrafting.IsDocumentPath(request.Document) ? request.Document : null, request.Kind == "correction" ? "correction" : "faq",
                request.Question ?? "", request.Answer ?? "", request.Content, problems, StatusCodes.Status400BadRequest);
    }

    public sealed record DraftRequest(string? Document, string? Kind, string? Question, string? Answer, string? Content);

    /// <summary>Builds and keeps a draft from a form or JSON; shared with POST /api/staff/escalations/{id}/drafts.</summary>
    public static async Task<(KnowledgeDraft? Draft, IReadOnlyList<string> Problems)> CreateAsync(
        DraftRequest request, string reference, KnowledgeDrafting drafting, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(drafting);
        if (!KnowledgeDrafting.IsDocumentPath(request.Document))
        {
            return (null, ["Choose a document: procedures/CODE.LANG.md or help/ID.LANG.md."]);
        }
        var path = request.Document!;
        var original = drafting.CurrentText(path);
        switch (request.Kind)
        {
            case "faq":
                var question = request.Question?.Trim() ?? "";
                var answer = request.Answer?.Trim() ?? "";
                if (question.Length is 0 or > KnowledgeDrafting.MaxFaqChars || answer.Length is 0 or > KnowledgeDrafting.MaxFaqChars)
                {
                    return (null, [$"A question and an answer of 1 to {KnowledgeDrafting.MaxFaqChars} characters are needed."]);
                }
                if (original.Length == 0)
                {
                    return (null, [$"{path} does not exist; a question and answer can only be added to an existing document."]);
                }
                var language = path.EndsWith(".en.md", StringComparison.Ordinal) ? "en" : "vi";
                return await drafting.DraftAsync(reference, path, "faq", original, KnowledgeDrafting.AddFaq(original, language, question, answer), actor, cancellationToken);
            case "correction":
                return await drafting.DraftAsync(reference, path, "correction", original, request.Content ?? "", actor, cancellationToken);
            default:
                return (null, ["The kind must be 'faq' or 'correction'."]);
        }
    }

    public static async Task<IResult> Drafts(HttpContext context, KnowledgeDraftStore drafts, CancellationToken cancellationToken)
    {
        var admin = IsAdmin(context.User);
        var actor = StaffAccounts.Actor(context.User);
        var list = (await drafts.ListAsync(null, 200, cancellationToken)).Where(d => admin || d.DraftedBy == actor);
        var body = new StringBuilder("<table><thead><tr><th>#</th><th>Tài liệu · Document</th><th>Loại · Kind</th><th>Trạng thái · Status</th><th>Người soạn · Drafted by</th><th>Người duyệt · Reviewed by</th></tr></thead><tbody>");
        foreach (var d in list.OrderBy(d => d.Status != DraftStatus.Pending).ThenByDescending(d => d.Id))
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/staff/drafts/{d.Id}\">{d.Id}</a></td><td>{E(d.Path)}</td><td>{E(d.Kind)}</td><td>{E(DraftStatusText(d.Status))}</td><td>{E(d.DraftedBy)} {E(d.DraftedAt)}</td><td>{E(d.ReviewedBy)} {E(d.ReviewedAt)}</td></tr>");
        }
        body.Append("</tbody></table>");
        return Page(context, "Bản nháp tri thức · Knowledge drafts", body.ToString());
    }

    public static async Task<IResult> DraftPage(long id, HttpContext context, KnowledgeDraftStore drafts, CancellationToken cancellationToken) =>
        await ShowDraftAsync(id, context, drafts, null, [], StatusCodes.Status200OK, cancellationToken);

    private static async Task<IResult> ShowDraftAsync(long id, HttpContext context, KnowledgeDraftStore drafts, string? notice, IReadOnlyList<string> problems, int status, CancellationToken cancellationToken)
    {
        var draft = await drafts.FindAsync(id, cancellationToken);
        if (draft is null || (!IsAdmin(context.User) && draft.DraftedBy != StaffAccounts.Actor(context.User)))
        {
            return Error(context, StatusCodes.Status404NotFound, "No such draft. / Không có bản nháp này.", "/staff/drafts");
        }
        var body = new StringBuilder();
        if (notice is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" role=\"status\">{E(notice)}</p>");
        }
        if (problems.Count > 0)
        {
            body.Append("<div class=\"error\" role=\"alert\"><p>Không ghi được; bản nháp bị từ chối. · Not written; the draft was rejected:</p><ul>");
            foreach (var problem in problems)
            {
                body.Append(CultureInfo.InvariantCulture, $"<li>{E(problem)}</li>");
            }
            body.Append("</ul></div>");
        }
        body.Append(CultureInfo.InvariantCulture, $"""
            <table class="meta">
            <tr><th>Tài liệu · Document</th><td>{E(draft.Path)}</td></tr>
            <tr><th>Loại · Kind</th><td>{E(draft.Kind)}</td></tr>
            <tr><th>Từ yêu cầu · From escalation</th><td>{(draft.EscalationReference is { } r ? $"<a href=\"/staff/escalations/{E(r)}\">{E(r)}</a>" : "—")}</td></tr>
            <tr><th>Trạng thái · Status</th><td id="draft-status">{E(DraftStatusText(draft.Status))}</td></tr>
            <tr><th>Người soạn · Drafted by</th><td>{E(draft.DraftedBy)} {E(draft.DraftedAt)}</td></tr>
            <tr><th>Người duyệt · Reviewed by</th><td>{E(draft.ReviewedBy)} {E(draft.ReviewedAt)}</td></tr>
            <tr><th>Ghi chú · Note</th><td><pre>{E(draft.ReviewNote)}</pre></td></tr>
            </table>
            <h2>Thay đổi · Changes</h2>
            <div class="diff">
            """);
        foreach (var line in KnowledgeDrafting.Diff(draft.Original, draft.Proposed))
        {
            var css = line.Kind switch { '+' => "add", '-' => "del", _ => "same" };
            body.Append(CultureInfo.InvariantCulture, $"<div class=\"{css}\">{line.Kind} {E(line.Text)}</div>");
        }
        body.Append("</div>");
        if (draft.Status == DraftStatus.Pending && IsAdmin(context.User))
        {
            body.Append(Form(context, $"/staff/drafts/{draft.Id}/approve", "", "Duyệt và ghi vào tri thức · Approve and write", inline: true));
            body.Append(Form(context, $"/staff/drafts/{draft.Id}/reject", "<label>Lý do · Reason <input name=\"note\" maxlength=\"2000\"></label>", "Từ chối · Reject", inline: true));
        }
        return Page(context, $"Bản nháp · Draft {draft.Id}", body.ToString(), status);
    }

    public static async Task<IResult> Approve(long id, HttpContext context, KnowledgeDrafting drafting, KnowledgeDraftStore drafts, CancellationToken cancellationToken)
    {
        var (_, error) = await ConsoleForms.ReadAsync(context);
        if (error is not null)
        {
            return error;
        }
        var (draft, problems) = await drafting.ApproveAsync(id, StaffAccounts.Actor(context.User), cancellationToken);
        if (draft is null)
        {
            return Error(context, StatusCodes.Status409Conflict, "No pending draft with that number. / Không có bản nháp đang chờ duyệt với số này.", "/staff/drafts");
        }
        return problems.Count > 0
            ? await ShowDraftAsync(id, context, drafts, null, problems, StatusCodes.Status422UnprocessableEntity, cancellationToken)
            : await ShowDraftAsync(id, context, drafts, "Đã ghi và đang phục vụ. · Written and served now.", [], StatusCodes.Status200OK, cancellationToken);
    }

    public static async Task<IResult> Reject(long id, HttpContext context, KnowledgeDrafting drafting, KnowledgeDraftStore drafts, CancellationToken cancellationToken)
    {
        var (form, error) = await ConsoleForms.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }
        var draft = await drafting.RejectAsync(id, StaffAccounts.Actor(context.User), form["note"], cancellationToken);
        return draft is null
            ? Error(context, StatusCodes.Status409Conflict, "No pending draft with that number. / Không có bản nháp đang chờ duyệt với số này.", "/staff/drafts")
            : await ShowDraftAsync(id, context, drafts, "Đã từ chối. · Rejected.", [], StatusCodes.Status200OK, cancellationToken);
    }

    public static string DraftStatusText(DraftStatus status) => status switch
    {
        DraftStatus.Pending => "Chờ duyệt · Pending",
        DraftStatus.Approved => "Đã duyệt · Approved",
        _ => "Từ chối · Rejected",
    };
}

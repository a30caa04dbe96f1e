using System.Globalization;
using System.Text;
using CitizenHelper.Knowledge.Import;
using static CitizenHelper.Web.Staff.Html;

namespace CitizenHelper.Web.Staff;

/// <summary>
/// The administrators' page of portal changes found by <c>kb import-portal</c>: each code with its facts old → new and
/// the line diff of its documents, to approve (regenerate the documents, take the newer record) or reject, one by one.
/// </summary>
public static class PortalPages
{
    private const int DiffContext = 2;

    public static RouteGroupBuilder MapPortalPages(this RouteGroupBuilder staff)
    {
        ArgumentNullException.ThrowIfNull(staff);
        staff.MapGet("/portal", List).RequireAuthorization(StaffAccounts.AdminPolicy);
        staff.MapPost("/portal/{code}/approve", (string code, HttpContext context, PortalReview review, CancellationToken cancellationToken) => Decide(code, approve: true, context, review, cancellationToken))
            .RequireAuthorization(StaffAccounts.AdminPolicy);
        staff.MapPost("/portal/{code}/reject", (string code, HttpContext context, PortalReview review, CancellationToken cancellationToken) => Decide(code, approve: false, context, review, cancellationToken))
            .RequireAuthorization(StaffAccounts.AdminPolicy);
        staff.MapPost("/portal/{code}/draft", Draft).RequireAuthorization(StaffAccounts.AdminPolicy);
        return staff;
    }

    public static IResult List(HttpContext context, PortalReview review) => Show(context, review, null, [], StatusCodes.Status200OK);

    private static IResult Show(HttpContext context, PortalReview review, string? notice, IReadOnlyList<string> problems, int status)
    {
        var (report, decisions) = review.Current();
        var body = new StringBuilder();
        if (notice is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" role=\"status\">{E(notice)}</p>");
        }
        if (problems.Count > 0)
        {
            body.Append("<div class=\"error\" role=\"alert\"><p>Không thực hiện được; không ghi gì. · Not done; nothing was written:</p><ul>");
            foreach (var problem in problems)
            {
                body.Append(CultureInfo.InvariantCulture, $"<li>{E(problem)}</li>");
            }
            body.Append("</ul></div>");
        }
        if (report is null)
        {
            body.Append("<p>Chưa có báo cáo thay đổi. Chạy <code>kb import-portal</code> với bản thu thập mới. · No change report yet: run <code>kb import-portal</code> on a newer crawl.</p>");
            return Page(context, "Thay đổi từ Cổng DVC · Portal changes", body.ToString(), status);
        }
        body.Append(CultureInfo.InvariantCulture, $"<p id=\"portal-summary\">{E(report.Crawl)}: {E(report.Summary)} (báo cáo · report {E(report.Id)}).</p>");
        foreach (var change in report.Changes)
        {
            var decision = decisions.GetValueOrDefault((change.Code, change.Version));
            AppendChange(body, context, review, change, decision);
        }
        if (report.Problems.Count > 0)
        {
            body.Append("<h2>Bản ghi không dùng được · Records not used</h2><table id=\"portal-problems\"><thead><tr><th>Nơi · Where</th><th>Mã · Code</th><th>Trường · Field</th><th>Lý do · Why</th></tr></thead><tbody>");
            foreach (var problem in report.Problems)
            {
                body.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(problem.Source)}</td><td>{E(problem.Code)}</td><td>{E(problem.Field)}</td><td>{E(problem.Message)}</td></tr>");
            }
            body.Append("</tbody></table>");
        }
        return Page(context, "Thay đổi từ Cổng DVC · Portal changes", body.ToString(), status);
    }

    private static void AppendChange(StringBuilder body, HttpContext context, PortalReview review, PortalChange change, PortalDecision? decision)
    {
        var kind = change.Kind switch
        {
            PortalChange.Added => "Thủ tục mới · Added",
            PortalChange.Removed => "Không còn trên Cổng · Removed from the portal",
            _ => "Thay đổi · Changed",
        };
        var document = review.DocumentKind(change.Code) switch
        {
            PortalChange.Generated => "tài liệu sinh từ hồ sơ · generated document",
            PortalChange.HandWritten => "tài liệu viết tay · hand-written document",
            _ => "chưa có tài liệu · no document yet",
        };
        var status = decision is null ? "Chờ duyệt · Pending"
            : $"{(decision.Outcome == PortalDecision.Approved ? "Đã duyệt · Approved" : "Từ chối · Rejected")} — {decision.By} {E(decision.At)}{(decision.Note is { } note ? $": {note}" : "")}";
        body.Append(CultureInfo.InvariantCulture, $"""
            <section class="portal-change" id="change-{E(change.Code)}" data-code="{E(change.Code)}">
            <h2>{E(change.Code)} — {E(change.Name)}</h2>
            <p>{E(kind)} · {(change.CommuneLevel ? "cấp xã · commune level · " : "")}{E(document)} · <span class="portal-status">{E(status)}</span></p>
            """);
        if (change.Kind == PortalChange.Removed)
        {
            body.Append("<p class=\"error\">Cổng không còn thủ tục này. Tài liệu (nếu có) vẫn được phục vụ cho đến khi cán bộ gỡ bỏ. · The portal no longer lists this procedure. Its documents, if any, are still served until someone retires them.</p>");
        }
        if (change.Fields.Count > 0)
        {
            body.Append("<table class=\"meta portal-fields\"><thead><tr><th>Mục · Field</th><th>Cũ · Old</th><th>Mới · New</th></tr></thead><tbody>");
            foreach (var field in change.Fields)
            {
                body.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(field.Field)}</th><td>{Lines(field.Old.Except(field.New))}</td><td>{Lines(field.New.Except(field.Old))}</td></tr>");
            }
            body.Append("</tbody></table>");
        }
        var handWritten = review.DocumentKind(change.Code) == PortalChange.HandWritten;
        foreach (var doc in review.Documents(change))
        {
            body.Append(CultureInfo.InvariantCulture, $"<h3>{E(doc.Path)}{(doc.Writes ? "" : " — thay đổi của hồ sơ, không ghi vào tài liệu · what the record's change means; the document is not rewritten")}</h3><div class=\"diff\" data-path=\"{E(doc.Path)}\">");
            foreach (var line in Hunks(KnowledgeDrafting.Diff(doc.Current, doc.Proposed)))
            {
                var css = line.Kind switch { '+' => "add", '-' => "del", '…' => "gap", _ => "same" };
                body.Append(CultureInfo.InvariantCulture, $"<div class=\"{css}\">{line.Kind} {E(line.Text)}</div>");
            }
            body.Append("</div>");
        }
        if (decision is null)
        {
            var version = Hidden("version", change.Version);
            if (change.Kind != PortalChange.Removed)
            {
                var approve = handWritten ? "Nhận hồ sơ mới (tài liệu giữ nguyên) · Accept the record (document kept)" : "Duyệt và ghi tài liệu · Approve and write";
                body.Append(Form(context, $"/staff/portal/{change.Code}/approve", version, approve, inline: true));
            }
            body.Append(Form(context, $"/staff/portal/{change.Code}/reject", version + "<label>Lý do · Reason <input name=\"note\" maxlength=\"2000\"></label>",
                change.Kind == PortalChange.Removed ? "Ghi nhận, giữ tài liệu · Note it, keep the documents" : "Từ chối · Reject", inline: true));
        }
        if (handWritten)
        {
            foreach (var language in PortalGeneration.Languages)
            {
                var path = $"procedures/{change.Code}.{language}.md";
                body.Append(CultureInfo.InvariantCulture, $"<details><summary>Sửa {E(path)} thành bản nháp · Correct {E(path)} as a knowledge draft</summary>");
                body.Append(Form(context, $"/staff/portal/{change.Code}/draft",
                    Hidden("document", path) + $"<label>{E(path)} (Markdown) <textarea class=\"code\" name=\"content\" maxlength=\"{KnowledgeDrafting.MaxDocumentChars}\" required>{E(review.CurrentText(path))}</textarea></label>",
                    "Gửi để duyệt · Send for review", cssClass: "block"));
                body.Append("</details>");
            }
        }
        body.Append("</section>");
    }

    private static string Lines(IEnumerable<string> lines) => string.Join("<br>", lines.Select(l => E(l)));

    /// <summary>The changed lines of a diff with a little context, the unchanged stretches between them as one "…" line.</summary>
    public static IReadOnlyList<DiffLine> Hunks(IReadOnlyList<DiffLine> diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var keep = new bool[diff.Count];
        for (var i = 0; i < diff.Count; i++)
        {
            if (diff[i].Kind != ' ')
            {
                for (var j = Math.Max(0, i - DiffContext); j <= Math.Min(diff.Count - 1, i + DiffContext); j++)
                {
                    keep[j] = true;
                }
            }
        }
        var lines = new List<DiffLine>();
        for (var i = 0; i < diff.Count; i++)
        {
            if (keep[i])
            {
                lines.Add(diff[i]);
            }
            else if (lines.Count == 0 || lines[^1].Kind != '…')
            {
                lines.Add(new DiffLine('…', ""));
            }
        }
        return lines;
    }

    private static async Task<IResult> Decide(string code, bool approve, HttpContext context, PortalReview review, CancellationToken cancellationToken)
    {
        var (form, error) = await ConsoleForms.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }
        var outcome = await review.DecideAsync(code, form["version"], approve, StaffAccounts.Actor(context.User), form["note"], cancellationToken);
        if (outcome.Status == StatusCodes.Status409Conflict)
        {
            return Error(context, StatusCodes.Status409Conflict, string.Join(" ", outcome.Problems) + " / Thay đổi này đã được xử lý hoặc đã có báo cáo mới hơn.", "/staff/portal");
        }
        return outcome.Problems.Count > 0
            ? Show(context, review, null, outcome.Problems, outcome.Status)
            : Show(context, review, approve ? $"{code}: đã duyệt và đang phục vụ. · Approved and served now." : $"{code}: đã từ chối. · Rejected.", [], StatusCodes.Status200OK);
    }

    /// <summary>A correction of a hand-written document after a portal change: a normal knowledge draft, reviewed as any other.</summary>
    public static async Task<IResult> Draft(string code, HttpContext context, KnowledgeDrafting drafting, CancellationToken cancellationToken)
    {
        var (form, error) = await ConsoleForms.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }
        var path = form["document"].ToString();
        if (!KnowledgeDrafting.IsDocumentPath(path) || !path.StartsWith($"procedures/{code}.", StringComparison.Ordinal))
        {
            return Error(context, StatusCodes.Status400BadRequest, "The document must be one of this procedure's: procedures/CODE.vi.md or .en.md. / Tài liệu phải là của thủ tục này.", "/staff/portal");
        }
        var (draft, problems) = await drafting.DraftAsync(null, path, "correction", drafting.CurrentText(path), form["content"].ToString(), StaffAccounts.Actor(context.User), cancellationToken);
        return draft is not null
            ? TypedResults.Redirect($"/staff/drafts/{draft.Id}")
            : Error(context, StatusCodes.Status400BadRequest, string.Join(" ", problems), "/staff/portal");
    }
}

using System.Globalization;
using System.Text;
using CitizenHelper.Answering;
using CitizenHelper.Answering.Pipeline;
using CitizenHelper.Storage;
using CitizenHelper.Web.Staff.Components;
using Microsoft.AspNetCore.Http.HttpResults;

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
        KnowledgeDrafting drafting, DraftSuggestions suggestions, CancellationToken cancellationToken)
    {
        var escalation = await escalations.FindAsync(reference, StaffAccounts.Scope(context.User), cancellationToken);
        if (escalation is null)
        {
            return ConsoleView.Error(context, StatusCodes.Status404NotFound, "Không có yêu cầu với mã này mà bạn được xem. · No escalation with that reference that you may see.");
        }
        var transcript = await conversations.TranscriptAsync(escalation.ConversationId, 50, cancellationToken);
        // The reply and the question as an entry for everyone: without the greetings, thanks and signature of one conversation.
        var lastReply = DraftSuggestions.WithoutPleasantries(transcript.LastOrDefault(a => a.From?.Id == "staff")?.Text ?? "");
        var question = DraftSuggestions.WithoutPleasantries(escalation.Question.Split('\n')[0]);
        var path = KnowledgeDrafting.IsDocumentPath(document) ? document! : await suggestions.DocumentAsync(escalation, transcript, cancellationToken);
        return DraftFormPage(context, escalation, drafting, path, kind == "correction" ? "correction" : "faq", question, lastReply, null, [], StatusCodes.Status200OK);
    }

    private static RazorComponentResult<DraftFormPage> DraftFormPage(
        HttpContext context, EscalationRecord escalation, KnowledgeDrafting drafting, string? path, string kind, string question, string answer, string? content,
        IReadOnlyList<string> problems, int status) =>
        ConsoleView.Page<DraftFormPage>(context, new
        {
            escalation.Reference,
            Documents = drafting.Documents(),
            Path = path,
            Kind = kind,
            Question = question,
            Answer = answer,
            Content = path is null || kind == "faq" ? null : content ?? drafting.CurrentText(path),
            Problems = problems,
        }, status);

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
            return ConsoleView.Error(context, StatusCodes.Status404NotFound, "Không có yêu cầu với mã này mà bạn được xem. · No escalation with that reference that you may see.");
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
        var admin = context.User.IsInRole(StaffRoles.Admin);
        var actor = StaffAccounts.Actor(context.User);
        var list = (await drafts.ListAsync(null, 200, cancellationToken)).Where(d => admin || d.DraftedBy == actor)
            .OrderBy(d => d.Status != DraftStatus.Pending).ThenByDescending(d => d.Id).ToList();
        return ConsoleView.Page<DraftsPage>(context, new { Drafts = list });
    }

    public static async Task<IResult> DraftPage(long id, HttpContext context, KnowledgeDraftStore drafts, CancellationToken cancellationToken) =>
        await ShowDraftAsync(id, context, drafts, null, [], StatusCodes.Status200OK, cancellationToken);

    private static async Task<IResult> ShowDraftAsync(
        long id, HttpContext context, KnowledgeDraftStore drafts, string? notice, IReadOnlyList<string> problems, int status, CancellationToken cancellationToken, AnswerCheck? check = null)
    {
        var draft = await drafts.FindAsync(id, cancellationToken);
        if (draft is null || (!context.User.IsInRole(StaffRoles.Admin) && draft.DraftedBy != StaffAccounts.Actor(context.User)))
        {
            return ConsoleView.Error(context, StatusCodes.Status404NotFound, "Không có bản nháp này. · No such draft.", "/staff/drafts");
        }
        return ConsoleView.Page<DraftPage>(context, new { Draft = draft, Notice = notice, Problems = problems, Check = check }, status);
    }

    public static async Task<IResult> Approve(
        long id, HttpContext context, KnowledgeDrafting drafting, KnowledgeDraftStore drafts, AnswerPipeline pipeline, KnowledgeProvider knowledge, CancellationToken cancellationToken)
    {
        var (_, error) = await ConsoleForms.ReadAsync(context);
        if (error is not null)
        {
            return error;
        }
        var (draft, problems) = await drafting.ApproveAsync(id, StaffAccounts.Actor(context.User), cancellationToken);
        if (draft is null)
        {
            return ConsoleView.Error(context, StatusCodes.Status409Conflict, "Không có bản nháp đang chờ duyệt với số này. · No pending draft with that number.", "/staff/drafts");
        }
        return problems.Count > 0
            ? await ShowDraftAsync(id, context, drafts, null, problems, StatusCodes.Status422UnprocessableEntity, cancellationToken)
            : await ShowDraftAsync(id, context, drafts, "Đã ghi và đang phục vụ. · Written and served now.", [], StatusCodes.Status200OK, cancellationToken,
                await CheckAnswerAsync(draft, pipeline, knowledge, cancellationToken));
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
            ? ConsoleView.Error(context, StatusCodes.Status409Conflict, "Không có bản nháp đang chờ duyệt với số này. · No pending draft with that number.", "/staff/drafts")
            : await ShowDraftAsync(id, context, drafts, "Đã từ chối. · Rejected.", [], StatusCodes.Status200OK, cancellationToken);
    }

    /// <summary>What the bot answers, after an approval, to the question a draft added: whether it answers from the draft's document.</summary>
    public sealed record AnswerCheck(string Question, bool Answers, string Reply);

    /// <summary>
    /// For an approved question and answer: asks the bot the drafted question as a citizen would, and says whether the
    /// answer comes from the draft's document and carries the approved answer. Null for a correction.
    /// </summary>
    public static async Task<AnswerCheck?> CheckAnswerAsync(KnowledgeDraft draft, AnswerPipeline pipeline, KnowledgeProvider knowledge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(pipeline);
        if (draft.Kind != "faq" || KnowledgeDrafting.Diff(draft.Original, draft.Proposed).Where(l => l.Kind == '+').Select(l => KnowledgeDrafting.FaqItem(l.Text)).FirstOrDefault(f => f is not null) is not { } faq)
        {
            return null;
        }
        var key = knowledge.Current.Base.Documents.FirstOrDefault(d => d.SourcePath == draft.Path)?.Key;
        var answer = await pipeline.TryAnswerAsync(faq.Question, cancellationToken);
        var answers = answer is { Outcome: AnswerOutcome.Answered } && answer.DocumentKey == key && answer.Text.Contains(faq.Answer, StringComparison.Ordinal);
        return new AnswerCheck(faq.Question, answers, answer is null ? "— (chuyển cán bộ · escalated to staff)" : Components.ChatMessage.PlainText(answer.Text));
    }

    public static string DraftStatusText(DraftStatus status) => status switch
    {
        DraftStatus.Pending => "Chờ duyệt · Pending",
        DraftStatus.Approved => "Đã duyệt · Approved",
        _ => "Từ chối · Rejected",
    };
}

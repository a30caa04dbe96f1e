using System.Security.Claims;
using CitizenHelper.Answering;
using CitizenHelper.Knowledge.Text;
using CitizenHelper.Storage;
using CitizenHelper.Web.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace CitizenHelper.Web.Apis;

// The staff API's knowledge drafts: drafted from a reply by staff, approved or rejected by administrators.
public static partial class StaffApi
{
    public sealed record DraftSummary(long Id, string? EscalationReference, string Path, string Kind, string Status, string DraftedBy, DateTimeOffset DraftedAt, string? ReviewedBy, DateTimeOffset? ReviewedAt, string? ReviewNote);

    public sealed record DraftDetail(DraftSummary Draft, string Proposed, IReadOnlyList<string> Diff);

    private static DraftSummary Summary(KnowledgeDraft d) => new(d.Id, d.EscalationReference, d.Path, d.Kind, d.Status.ToString(), d.DraftedBy, d.DraftedAt, d.ReviewedBy, d.ReviewedAt, d.ReviewNote);

    private static DraftDetail Detail(KnowledgeDraft d) => new(Summary(d), d.Proposed, [.. KnowledgeDrafting.Diff(d.Original, d.Proposed).Select(l => $"{l.Kind} {l.Text}")]);

    /// <summary>Drafts a knowledge entry from a reply: <c>{"document":"procedures/1.001193.vi.md","kind":"faq","question":…,"answer":…}</c> or <c>kind "correction"</c> with <c>content</c>.</summary>
    public static async Task<IResult> CreateDraft(
        string reference, KnowledgePages.DraftRequest request, ClaimsPrincipal user, EscalationStore escalations, KnowledgeDrafting drafting, CancellationToken cancellationToken)
    {
        var escalation = await escalations.FindAsync(reference, StaffAccounts.Scope(user), cancellationToken);
        if (escalation is null)
        {
            return NotFound();
        }
        var (draft, problems) = await KnowledgePages.CreateAsync(request, escalation.Reference, drafting, StaffAccounts.Actor(user), cancellationToken);
        return draft is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The draft does not pass the knowledge checks; nothing was saved.", extensions: new Dictionary<string, object?> { ["problems"] = problems })
            : TypedResults.Created($"/api/staff/drafts/{draft.Id}", Detail(draft));
    }

    public static async Task<Ok<IReadOnlyList<DraftSummary>>> ListDrafts(ClaimsPrincipal user, KnowledgeDraftStore drafts, CancellationToken cancellationToken)
    {
        var admin = user.IsInRole(StaffRoles.Admin);
        var actor = StaffAccounts.Actor(user);
        IReadOnlyList<DraftSummary> list = [.. (await drafts.ListAsync(null, 200, cancellationToken)).Where(d => admin || d.DraftedBy == actor).Select(Summary)];
        return TypedResults.Ok(list);
    }

    public static async Task<Results<Ok<DraftDetail>, ProblemHttpResult>> GetDraft(long id, ClaimsPrincipal user, KnowledgeDraftStore drafts, CancellationToken cancellationToken)
    {
        var draft = await drafts.FindAsync(id, cancellationToken);
        return draft is null || (!user.IsInRole(StaffRoles.Admin) && draft.DraftedBy != StaffAccounts.Actor(user))
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such draft.")
            : TypedResults.Ok(Detail(draft));
    }

    /// <summary>Writes the draft into the knowledge folder and serves it at once; 422 with the problems (and the draft rejected) when it fails the checks.</summary>
    public static async Task<IResult> ApproveDraft(long id, ClaimsPrincipal user, KnowledgeDrafting drafting, CancellationToken cancellationToken)
    {
        var (draft, problems) = await drafting.ApproveAsync(id, StaffAccounts.Actor(user), cancellationToken);
        if (draft is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No pending draft with that number.");
        }
        return problems.Count > 0
            ? TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Not written: the draft fails the knowledge checks and was rejected.", extensions: new Dictionary<string, object?> { ["problems"] = problems })
            : TypedResults.Ok(Detail(draft));
    }

    public static async Task<IResult> RejectDraft(long id, RejectRequest? request, ClaimsPrincipal user, KnowledgeDrafting drafting, CancellationToken cancellationToken)
    {
        var draft = await drafting.RejectAsync(id, StaffAccounts.Actor(user), request?.Note, cancellationToken);
        return draft is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No pending draft with that number.")
            : TypedResults.Ok(Summary(draft));
    }
}

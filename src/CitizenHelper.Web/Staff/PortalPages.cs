using System.Diagnostics;
using System.Globalization;
using CitizenHelper.Knowledge.Import;
using CitizenHelper.Web.Staff.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CitizenHelper.Web.Staff;

/// <summary>
/// The administrators' page of portal changes found by <c>kb import-portal</c>: each code with its facts old → new and
/// the line diff of its documents, to approve (regenerate the documents, take the newer record) or reject, one by one.
/// </summary>
public static class PortalPages
{
    public const int DiffContext = 2;

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

    public static IResult List(HttpContext context, PortalReview review) => Show(context, null, [], StatusCodes.Status200OK);

    private static RazorComponentResult<PortalPage> Show(HttpContext context, string? notice, IReadOnlyList<string> problems, int status) =>
        ConsoleView.Page<PortalPage>(context, new { Notice = notice, Problems = problems }, status);

    private static async Task<IResult> Decide(string code, bool approve, HttpContext context, PortalReview review, CancellationToken cancellationToken)
    {
        var (form, error) = await ConsoleForms.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }
        var outcome = await review.DecideAsync(code, form["version"], approve, StaffAccounts.Actor(context.User), form["note"], cancellationToken);
        return outcome.Kind switch
        {
            PortalDecisionKind.Decided =>
                Show(context, approve ? $"{code}: đã duyệt và đang phục vụ. · Approved and served now." : $"{code}: đã từ chối. · Rejected.", [], StatusCodes.Status200OK),
            PortalDecisionKind.AlreadyDecided or PortalDecisionKind.RecordGone =>
                ConsoleView.Error(context, StatusCodes.Status409Conflict, string.Join(" ", outcome.Problems) + " · Thay đổi này đã được xử lý hoặc đã có báo cáo mới hơn.", "/staff/portal"),
            PortalDecisionKind.NotAllowed or PortalDecisionKind.Invalid => Show(context, null, outcome.Problems, StatusCodes.Status422UnprocessableEntity),
            _ => throw new UnreachableException($"Portal decision {outcome.Kind} has no page."),
        };
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
            return ConsoleView.Error(context, StatusCodes.Status400BadRequest, "Tài liệu phải là của thủ tục này. · The document must be one of this procedure's: procedures/CODE.vi.md or .en.md.", "/staff/portal");
        }
        var (draft, problems) = await drafting.DraftAsync(null, path, "correction", drafting.CurrentText(path), form["content"].ToString(), StaffAccounts.Actor(context.User), cancellationToken);
        return draft is not null
            ? TypedResults.Redirect($"/staff/drafts/{draft.Id}")
            : ConsoleView.Error(context, StatusCodes.Status400BadRequest, string.Join(" ", problems), "/staff/portal");
    }
}

using System.Security.Claims;
using CitizenHelper.Answering;
using CitizenHelper.Knowledge.Text;
using CitizenHelper.Storage;
using CitizenHelper.Web.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace CitizenHelper.Web.Apis;

// The staff API's accounts and audit log (administrators).
public static partial class StaffApi
{
    public sealed record CentersRequest(IReadOnlyList<string>? Centers);

    public static async Task<Ok<IReadOnlyList<StaffAccount>>> ListUsers(UserManager<StaffUser> users)
    {
        var list = new List<StaffAccount>();
        foreach (var user in users.Users.OrderBy(u => u.Email).Take(500).ToList())
        {
            list.Add(await StaffAccounts.AccountOf(users, user));
        }
        return TypedResults.Ok<IReadOnlyList<StaffAccount>>(list);
    }

    /// <summary>Replaces an account's centers: <c>{"centers":[unit names]}</c>; applies from the account's next request.</summary>
    public static async Task<IResult> SetCenters(string email, CentersRequest request, ClaimsPrincipal user, UserManager<StaffUser> users, KnowledgeProvider knowledge, EscalationStore audit, CancellationToken cancellationToken)
    {
        var (changed, problem) = await AccountPages.SetCentersAsync(email, request.Centers, users, knowledge, StaffAccounts.Actor(user), audit, cancellationToken);
        return changed is null ? TypedResults.Problem(statusCode: problem!.Status, title: problem.Message) : TypedResults.Ok(await StaffAccounts.AccountOf(users, changed));
    }

    /// <summary>Disables an account (no sign-in; its sessions and tokens stop at their next request) or enables it again.</summary>
    public static async Task<IResult> SetDisabled(string email, bool disabled, ClaimsPrincipal user, UserManager<StaffUser> users, EscalationStore audit, CancellationToken cancellationToken)
    {
        var (changed, problem) = await AccountPages.SetDisabledAsync(email, disabled, users, StaffAccounts.Actor(user), audit, cancellationToken);
        return changed is null ? TypedResults.Problem(statusCode: problem!.Status, title: problem.Message) : TypedResults.Ok(await StaffAccounts.AccountOf(users, changed));
    }

    /// <summary>Creates an account: <c>{"email","name","password","role":"staff"|"admin","centers":[unit names]}</c>.</summary>
    public static async Task<IResult> CreateUser(AccountPages.NewStaff request, ClaimsPrincipal user, UserManager<StaffUser> users, KnowledgeProvider knowledge, EscalationStore audit, CancellationToken cancellationToken)
    {
        var (created, problem) = await AccountPages.CreateAsync(request, users, knowledge, StaffAccounts.Actor(user), audit, cancellationToken);
        return created is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: problem)
            : TypedResults.Created($"/api/staff/users/{Uri.EscapeDataString(created.Email!)}", new StaffAccount(created.Email!, created.DisplayName, [request.Role!], [.. request.Centers ?? []], Disabled: false));
    }

    public static async Task<Ok<IReadOnlyList<AuditEntry>>> Audit(EscalationStore escalations, string? who, int? skip, int? take, CancellationToken cancellationToken) =>
        TypedResults.Ok(await escalations.AuditLogAsync(who is { Length: <= 256 } ? who : null, Math.Max(0, skip ?? 0), Math.Clamp(take ?? 100, 1, 500), cancellationToken));
}

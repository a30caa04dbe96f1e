using CitizenHelper.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace CitizenHelper.Web.Apis;

/// <summary>The staff API: sign in, then read the questions the bot escalated.</summary>
public static class StaffApi
{
    public const string StaffPolicy = "staff";
    public const string LoginRateLimit = "staff-login";
    private const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapStaffApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff").WithTags("Staff");
        api.MapPost("/login", Login).RequireRateLimiting(LoginRateLimit);
        api.MapGet("/escalations", ListEscalations).RequireAuthorization(StaffPolicy);
        return app;
    }

    public sealed record LoginRequest(string? Email, string? Password);

    public sealed record EscalationSummary(
        string Reference, string ConversationId, string Reason, string Question, string Language, string? ProcedureCode,
        string Status, string Transcript, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    /// <summary>Email and password in, a bearer token out (lockout after repeated failures).</summary>
    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Login(LoginRequest request, SignInManager<StaffUser> signIn)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password) || request.Email.Length > 256 || request.Password.Length > 256)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Email and password are required.");
        }
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(request.Email, request.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            // The bearer-token handler has written the token response.
            return TypedResults.Empty;
        }
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: result.IsLockedOut ? "This account is locked for a while after too many failed attempts." : "Wrong email or password.");
    }

    public static async Task<Ok<IReadOnlyList<EscalationSummary>>> ListEscalations(EscalationStore escalations, int? skip, int? take, CancellationToken cancellationToken)
    {
        var records = await escalations.ListAsync(Math.Max(0, skip ?? 0), Math.Clamp(take ?? 50, 1, MaxPageSize), cancellationToken);
        IReadOnlyList<EscalationSummary> summaries = [.. records.Select(e => new EscalationSummary(
            e.Reference, e.ConversationId, e.Reason, e.Question, e.Language, e.ProcedureCode, e.Status.ToString(), e.Transcript, e.CreatedAt, e.UpdatedAt))];
        return TypedResults.Ok(summaries);
    }
}

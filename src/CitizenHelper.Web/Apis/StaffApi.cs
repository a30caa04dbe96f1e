using System.Security.Claims;
using CitizenHelper.Answering;
using CitizenHelper.Knowledge.Text;
using CitizenHelper.Storage;
using CitizenHelper.Web.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace CitizenHelper.Web.Apis;

/// <summary>
/// The staff API under /api/staff: every console action as JSON, for provinces that integrate their own tools.
/// Sign in with /login for a bearer token. The console's cookie works too, but a request that changes something
/// with the cookie must carry the console's antiforgery token in the X-CSRF-TOKEN header, so another site cannot
/// make a signed-in browser act. Staff see their centers' escalations, administrators all; anything else is 404,
/// as if it did not exist. Bodies are bounded before they are read (<see cref="StaffBodyLimit"/>).
/// </summary>
public static partial class StaffApi
{

    public static IEndpointRouteBuilder MapStaffApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff").WithTags("Staff").AddEndpointFilter(CookieNeedsAntiforgery);
        api.MapPost("/login", Login).RequireRateLimiting(StaffAccounts.LoginRateLimit);
        api.MapPost("/refresh", Refresh).RequireRateLimiting(StaffAccounts.LoginRateLimit);

        var staff = api.MapGroup("").RequireAuthorization(StaffAccounts.StaffPolicy);
        staff.MapPost("/logout", Logout);
        staff.MapGet("/escalations", ListEscalations);
        staff.MapGet("/escalations.csv", EscalationsCsv);
        staff.MapGet("/escalations/{reference}", GetEscalation);
        staff.MapPost("/escalations/{reference}/take", Take);
        staff.MapPost("/escalations/{reference}/reply", Reply);
        staff.MapPost("/escalations/{reference}/resolve", Resolve);
        staff.MapPost("/escalations/{reference}/drafts", CreateDraft);
        staff.MapGet("/drafts", ListDrafts);
        staff.MapGet("/drafts/{id:long}", GetDraft);
        staff.MapGet("/stats", StatsJson);
        staff.MapGet("/stats.csv", StatsCsv);
        staff.MapGet("/stats/weekly", WeeklyJson);
        staff.MapGet("/stats/weekly.csv", WeeklyCsv);

        var admin = api.MapGroup("").RequireAuthorization(StaffAccounts.AdminPolicy);
        admin.MapPost("/escalations/{reference}/assign", Assign);
        admin.MapPost("/escalations/{reference}/route", Route);
        admin.MapPost("/drafts/{id:long}/approve", ApproveDraft);
        admin.MapPost("/drafts/{id:long}/reject", RejectDraft);
        admin.MapGet("/users", ListUsers);
        admin.MapPost("/users", CreateUser);
        admin.MapPut("/users/{email}/centers", SetCenters);
        admin.MapPost("/users/{email}/disable", (string email, ClaimsPrincipal user, UserManager<StaffUser> users, EscalationStore audit, CancellationToken cancellationToken) =>
            SetDisabled(email, true, user, users, audit, cancellationToken));
        admin.MapPost("/users/{email}/enable", (string email, ClaimsPrincipal user, UserManager<StaffUser> users, EscalationStore audit, CancellationToken cancellationToken) =>
            SetDisabled(email, false, user, users, audit, cancellationToken));
        admin.MapGet("/audit", Audit);
        return app;
    }

    /// <summary>
    /// A bearer token is sent only by code that holds it; a cookie is sent by the browser whatever page asks. So a
    /// cookie-authenticated request that changes something needs the antiforgery token a console page hands out.
    /// </summary>
    private static async ValueTask<object?> CookieNeedsAntiforgery(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var safe = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method);
        if (!safe && http.User.Identity?.IsAuthenticated == true && !StaffAccounts.HasBearerToken(http.Request))
        {
            var antiforgery = http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: $"Signed in with the console's cookie: a change needs the antiforgery token in the {StaffAccounts.AntiforgeryHeader} header (or use a bearer token from /api/staff/login).");
            }
        }
        return await next(context);
    }

    public sealed record LoginRequest(string? Email, string? Password);

    public sealed record RefreshRequest(string? RefreshToken);

    public sealed record ReplyRequest(string? Text, long? Version);

    public sealed record VersionRequest(long? Version);

    public sealed record AssignRequest(string? Assignee);

    public sealed record RouteRequest(string? Center);

    public sealed record RejectRequest(string? Note);

    public sealed record EscalationSummary(
        string Reference, string ConversationId, string Reason, string Question, string Language, string? ProcedureCode,
        string Status, string Transcript, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
        string? Center, string? AssignedTo, DateTimeOffset? AnsweredAt, long Version, bool HasCallback);

    public sealed record HistoryEntry(DateTimeOffset At, string Actor, string Action, string? Detail);

    /// <summary>A staff reply; <c>DeliveredAt</c> is null while it is pending delivery into the conversation.</summary>
    public sealed record ReplyEntry(DateTimeOffset At, string Actor, string Text, string ActivityId, DateTimeOffset? DeliveredAt);

    public sealed record EscalationDetail(
        EscalationSummary Escalation, string? CallbackPhone, IReadOnlyList<string> Conversation, IReadOnlyList<HistoryEntry> History, IReadOnlyList<ReplyEntry> Replies);

    private static EscalationSummary Summary(EscalationRecord e) => new(
        e.Reference, e.ConversationId, e.Reason, e.Question, e.Language, e.ProcedureCode, e.Status.ToString(), e.Transcript, e.CreatedAt, e.UpdatedAt,
        e.Center, e.AssignedTo, e.AnsweredAt, EscalationActions.Version(e), e.CallbackPhone is not null);

    /// <summary>
    /// Email and password in, a bearer token out: <c>accessToken</c> (8 hours) and <c>refreshToken</c> for
    /// <see cref="Refresh"/> (lockout after repeated failures; one answer for every failure).
    /// </summary>
    public static async Task<Results<SignInHttpResult, ProblemHttpResult>> Login(LoginRequest request, StaffSignIn staffSignIn, SignInManager<StaffUser> signIn)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password) || request.Email.Length > 256 || request.Password.Length > 256)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Email and password are required.");
        }
        if (await staffSignIn.CheckAsync(request.Email.Trim(), request.Password) is not { } user)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: StaffSignIn.Failed);
        }
        // The bearer-token handler writes the token response.
        return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
    }

    /// <summary>
    /// A refresh token in, a new access and refresh token out, so an integration need not keep the password. Refused
    /// once it expires (14 days) or the account signed out or was disabled.
    /// </summary>
    public static async Task<Results<SignInHttpResult, ProblemHttpResult>> Refresh(RefreshRequest request, StaffSignIn staffSignIn, SignInManager<StaffUser> signIn)
    {
        if (await staffSignIn.RefreshAsync(request.RefreshToken) is not { } user)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The refresh token is not valid: it expired, or the account signed out or was disabled. Sign in again.");
        }
        return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
    }

    /// <summary>Ends every session of the account (its tokens, refresh tokens and console cookies), as the console's sign-out does.</summary>
    public static async Task<NoContent> Logout(ClaimsPrincipal user, StaffSignIn staffSignIn)
    {
        await staffSignIn.EndSessionsAsync(user);
        return TypedResults.NoContent();
    }

    /// <summary>The queue, newest first, with the console's filters: status, reason, procedure, language, center, from, to, q, skip, take.</summary>
    public static async Task<Results<Ok<IReadOnlyList<EscalationSummary>>, ProblemHttpResult>> ListEscalations(HttpContext context, EscalationListing escalations, CancellationToken cancellationToken)
    {
        var (query, error) = QueueFilters.Parse(context.Request.Query);
        if (query is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: error);
        }
        var records = await escalations.ListAsync(query, StaffAccounts.Scope(context.User), cancellationToken);
        IReadOnlyList<EscalationSummary> summaries = [.. records.Select(Summary)];
        return TypedResults.Ok(summaries);
    }

    /// <summary>The queue as CSV with the same filters (up to 5000 rows), for a spreadsheet; no question text or transcript.</summary>
    public static async Task<IResult> EscalationsCsv(HttpContext context, EscalationListing escalations, CancellationToken cancellationToken)
    {
        var (query, error) = QueueFilters.Parse(context.Request.Query);
        if (query is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: error);
        }
        var records = await escalations.ListAsync(query with { Skip = 0, Take = 5000 }, StaffAccounts.Scope(context.User), cancellationToken);
        var csv = new System.Text.StringBuilder("reference,created_at,reason,procedure,language,center,status,assigned_to,answered_at,minutes_to_reply\n");
        foreach (var e in records)
        {
            var minutes = e.AnsweredAt is { } answered ? ((int)(answered - e.CreatedAt).TotalMinutes).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
            var invariant = System.Globalization.CultureInfo.InvariantCulture;
            csv.Append(CsvText.Row(
                e.Reference, e.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", invariant), e.Reason, e.ProcedureCode, e.Language, e.Center, e.Status.ToString(),
                e.AssignedTo, e.AnsweredAt?.ToString("yyyy-MM-ddTHH:mm:ssZ", invariant), minutes));
        }
        return TypedResults.File(CsvText.Utf8WithBom(csv.ToString()), "text/csv", "citizenhelper-escalations.csv");
    }

    public static async Task<Results<Ok<EscalationDetail>, ProblemHttpResult>> GetEscalation(
        string reference, ClaimsPrincipal user, EscalationStore escalations, ConversationStore conversations, CancellationToken cancellationToken)
    {
        var scope = StaffAccounts.Scope(user);
        var e = await escalations.FindAsync(reference, scope, cancellationToken);
        if (e is null)
        {
            return NotFound();
        }
        var history = (await escalations.AuditAsync(reference, cancellationToken)).Select(a => new HistoryEntry(a.At, a.Actor, a.Action, a.Detail)).ToList();
        var replies = (await escalations.RepliesAsync(reference, cancellationToken))
            .Select(r => new ReplyEntry(r.CreatedAt, r.Actor, PersonalData.Redact(r.Text), r.ActivityId, r.DeliveredAt)).ToList();
        return TypedResults.Ok(new EscalationDetail(
            Summary(e), scope.SeesPhoneOf(e) ? e.CallbackPhone : null, [.. (await ConsolePages.RedactedConversationAsync(conversations, e.ConversationId, cancellationToken)).Select(l => l.ToString())], history, replies));
    }

    /// <summary>A staff member takes the question: it is theirs to answer.</summary>
    public static async Task<IResult> Take(string reference, ClaimsPrincipal user, EscalationActions actions, CancellationToken cancellationToken) =>
        ToResult(await actions.TakeAsync(reference, StaffAccounts.Scope(user), StaffAccounts.Actor(user), cancellationToken));

    /// <summary>
    /// The reply goes into the citizen's own conversation (open now, reconnecting, or reopened later). With
    /// <c>version</c> (from GET) it is refused with 409 when the escalation changed meanwhile.
    /// </summary>
    public static async Task<IResult> Reply(string reference, ReplyRequest request, ClaimsPrincipal user, EscalationActions actions, CancellationToken cancellationToken) =>
        ToResult(await actions.ReplyAsync(reference, request.Text, StaffAccounts.Scope(user), StaffAccounts.Actor(user), request.Version, cancellationToken));

    public static async Task<IResult> Resolve(string reference, VersionRequest? request, ClaimsPrincipal user, EscalationActions actions, CancellationToken cancellationToken) =>
        ToResult(await actions.ResolveAsync(reference, StaffAccounts.Scope(user), StaffAccounts.Actor(user), request?.Version, cancellationToken));

    public static async Task<IResult> Assign(string reference, AssignRequest request, ClaimsPrincipal user, EscalationActions actions, UserManager<StaffUser> users, CancellationToken cancellationToken)
    {
        if (request.Assignee is not { Length: > 0 and <= 256 } assignee || await users.FindByEmailAsync(assignee) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No staff account with that e-mail.");
        }
        return ToResult(await actions.AssignAsync(reference, assignee, StaffAccounts.Scope(user), StaffAccounts.Actor(user), cancellationToken));
    }

    public static async Task<IResult> Route(string reference, RouteRequest request, ClaimsPrincipal user, EscalationActions actions, KnowledgeProvider knowledge, CancellationToken cancellationToken)
    {
        if (StaffCenters.KeyOf(knowledge, request.Center) is not { } center)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The center must be a unit code of knowledge/units (or a unit name found only once).");
        }
        return ToResult(await actions.RouteAsync(reference, center, StaffAccounts.Scope(user), StaffAccounts.Actor(user), cancellationToken));
    }

    private static IResult ToResult(StaffOutcome outcome) => outcome.Kind switch
    {
        // A reply answers with the delivered activity's id beside the escalation; other actions with the escalation.
        // "delivered": false when the reply is recorded but still pending delivery (it will be delivered).
        StaffOutcomeKind.Done when outcome.ActivityId is { } id => TypedResults.Ok(new { activityId = id, delivered = !outcome.Pending, escalation = Summary(outcome.Escalation!) }),
        StaffOutcomeKind.Done => TypedResults.Ok(Summary(outcome.Escalation!)),
        StaffOutcomeKind.NotFound => NotFound(),
        StaffOutcomeKind.Invalid => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: outcome.Message),
        StaffOutcomeKind.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: outcome.Message),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: outcome.Message),
    };

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No escalation with that reference.");
}

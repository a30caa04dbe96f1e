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
public static class StaffApi
{
    public const string LoginRateLimit = "staff-login";

    public static IEndpointRouteBuilder MapStaffApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff").WithTags("Staff").AddEndpointFilter(CookieNeedsAntiforgery);
        api.MapPost("/login", Login).RequireRateLimiting(LoginRateLimit);
        api.MapPost("/refresh", Refresh).RequireRateLimiting(LoginRateLimit);

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
    public static async Task<Results<Ok<IReadOnlyList<EscalationSummary>>, ProblemHttpResult>> ListEscalations(HttpContext context, EscalationStore escalations, CancellationToken cancellationToken)
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
    public static async Task<IResult> EscalationsCsv(HttpContext context, EscalationStore escalations, CancellationToken cancellationToken)
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
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", "citizenhelper-escalations.csv");
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

    public sealed record StaffAccount(string Email, string? Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Centers, bool Disabled);

    public sealed record CentersRequest(IReadOnlyList<string>? Centers);

    public static async Task<StaffAccount> AccountOf(UserManager<StaffUser> users, StaffUser user)
    {
        var centers = (await users.GetClaimsAsync(user)).Where(c => c.Type == StaffAccounts.CenterClaim).Select(c => c.Value).ToList();
        return new StaffAccount(user.Email ?? "", user.DisplayName, [.. await users.GetRolesAsync(user)], centers, StaffAccounts.IsDisabled(user));
    }

    public static async Task<Ok<IReadOnlyList<StaffAccount>>> ListUsers(UserManager<StaffUser> users)
    {
        var list = new List<StaffAccount>();
        foreach (var user in users.Users.OrderBy(u => u.Email).Take(500).ToList())
        {
            list.Add(await AccountOf(users, user));
        }
        return TypedResults.Ok<IReadOnlyList<StaffAccount>>(list);
    }

    /// <summary>Replaces an account's centers: <c>{"centers":[unit names]}</c>; applies from the account's next request.</summary>
    public static async Task<IResult> SetCenters(string email, CentersRequest request, ClaimsPrincipal user, UserManager<StaffUser> users, KnowledgeProvider knowledge, EscalationStore audit, CancellationToken cancellationToken)
    {
        var (changed, problem) = await AccountPages.SetCentersAsync(email, request.Centers, users, knowledge, StaffAccounts.Actor(user), audit, cancellationToken);
        return changed is null ? TypedResults.Problem(statusCode: problem!.Status, title: problem.Message) : TypedResults.Ok(await AccountOf(users, changed));
    }

    /// <summary>Disables an account (no sign-in; its sessions and tokens stop at their next request) or enables it again.</summary>
    public static async Task<IResult> SetDisabled(string email, bool disabled, ClaimsPrincipal user, UserManager<StaffUser> users, EscalationStore audit, CancellationToken cancellationToken)
    {
        var (changed, problem) = await AccountPages.SetDisabledAsync(email, disabled, users, StaffAccounts.Actor(user), audit, cancellationToken);
        return changed is null ? TypedResults.Problem(statusCode: problem!.Status, title: problem.Message) : TypedResults.Ok(await AccountOf(users, changed));
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

    private const int MaxStatsDays = 366;

    /// <summary>
    /// The dashboard's figures for the last <paramref name="days"/> days (default 30): a staff member's centers only;
    /// an administrator's whole province, or one <paramref name="center"/>.
    /// </summary>
    public static async Task<Ok<Stats>> StatsJson(ClaimsPrincipal user, StatsStore stats, KnowledgeProvider knowledge, int? days, string? center, CancellationToken cancellationToken) =>
        TypedResults.Ok(await stats.ForLastDaysAsync(
            Math.Clamp(days ?? 30, 1, MaxStatsDays), StaffAccounts.StatsCenters(user, StaffCenters.KeyOf(knowledge, center) ?? center), cancellationToken));

    /// <summary>
    /// Week by week (Monday to Sunday, Vietnam time; <paramref name="weeks"/>, default 8, at most 26): containment,
    /// hand-offs, time to first staff reply, satisfaction per week and per center, and the questions most often handed
    /// to staff, of the same centers as <see cref="StatsJson"/>.
    /// </summary>
    public static async Task<Ok<WeeklyStats>> WeeklyJson(ClaimsPrincipal user, StatsStore stats, KnowledgeProvider knowledge, int? weeks, string? center, CancellationToken cancellationToken) =>
        TypedResults.Ok(await stats.WeeklyAsync(
            Math.Clamp(weeks ?? 8, 1, StatsStore.MaxWeeks), StaffAccounts.StatsCenters(user, StaffCenters.KeyOf(knowledge, center) ?? center), cancellationToken));

    /// <summary>
    /// Per day: questions by outcome (whole province only; empty for a view of some centers, where questions are not
    /// tied to a center) and the escalations of the centers shown, as CSV for a spreadsheet.
    /// </summary>
    public static async Task<FileContentHttpResult> StatsCsv(ClaimsPrincipal user, StatsStore stats, KnowledgeProvider knowledge, int? days, string? center, CancellationToken cancellationToken)
    {
        var centers = StaffAccounts.StatsCenters(user, StaffCenters.KeyOf(knowledge, center) ?? center);
        var figures = await stats.ForLastDaysAsync(Math.Clamp(days ?? 30, 1, MaxStatsDays), centers, cancellationToken);
        var csv = new System.Text.StringBuilder("day,questions,answered,clarify,escalated,smalltalk,refused,escalations\n");
        for (var i = 0; i < figures.EscalationsPerDay.Count; i++)
        {
            var escalations = figures.EscalationsPerDay[i];
            var outcomes = figures.Days is { } perDay ? perDay[i] : null;
            csv.Append(outcomes is null
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{escalations.Day:yyyy-MM-dd},,,,,,,{escalations.Count}\n")
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{escalations.Day:yyyy-MM-dd},{outcomes.Questions},{outcomes.Answered},{outcomes.Clarify},{outcomes.Escalated},{outcomes.SmallTalk},{outcomes.Refused},{escalations.Count}\n"));
        }
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", $"citizenhelper-{figures.From:yyyyMMdd}-{figures.To:yyyyMMdd}.csv");
    }
}

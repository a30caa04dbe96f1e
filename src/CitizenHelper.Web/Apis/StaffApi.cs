using System.Security.Claims;
using System.Text.Json;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Storage;
using CitizenHelper.Web.DirectLine;
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
        api.MapPost("/escalations/{reference}/take", Take).RequireAuthorization(StaffPolicy);
        api.MapPost("/escalations/{reference}/reply", Reply).RequireAuthorization(StaffPolicy);
        api.MapPost("/escalations/{reference}/resolve", Resolve).RequireAuthorization(StaffPolicy);
        api.MapGet("/stats", StatsJson).RequireAuthorization(StaffPolicy);
        api.MapGet("/stats.csv", StatsCsv).RequireAuthorization(StaffPolicy);
        return app;
    }

    public sealed record LoginRequest(string? Email, string? Password);

    public sealed record ReplyRequest(string? Text);

    private const int MaxReplyLength = 4000;

    /// <summary>A staff member takes the question: it is theirs to answer.</summary>
    public static async Task<IResult> Take(string reference, ClaimsPrincipal user, EscalationStore escalations, CancellationToken cancellationToken)
    {
        var actor = Actor(user);
        var record = await escalations.UpdateAsync(reference, actor, "take", e =>
        {
            e.AssignedTo = actor;
            if (e.Status == EscalationStatus.Open)
            {
                e.Status = EscalationStatus.Assigned;
            }
        }, cancellationToken);
        return record is null ? NotFound() : TypedResults.Ok(Summary(record));
    }

    /// <summary>
    /// The staff answer goes into the citizen's own conversation — delivered now if their chat is open, or when it
    /// reconnects or polls later — preceded by Bot Framework's hand-off event the first time.
    /// </summary>
    public static async Task<IResult> Reply(
        string reference, ReplyRequest request, ClaimsPrincipal user, EscalationStore escalations, ConversationDelivery delivery, CancellationToken cancellationToken)
    {
        var text = request.Text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxReplyLength)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"The reply needs a text of 1 to {MaxReplyLength} characters.");
        }
        var escalation = await escalations.FindAsync(reference, cancellationToken);
        if (escalation is null)
        {
            return NotFound();
        }
        var conversation = new ConversationAccount { Id = escalation.ConversationId };
        var staff = new ChannelAccount { Id = "staff", Name = "Cán bộ Trung tâm", Role = RoleTypes.Bot };
        if (escalation.AnsweredAt is null)
        {
            await delivery.StoreAsync(new Activity
            {
                Type = ActivityTypes.Event,
                Name = "handoff.status",
                From = staff,
                Conversation = conversation,
                Value = JsonSerializer.SerializeToElement(new { state = "accepted", reference }),
            }, awaitingTurn: false, visibleToClient: true, cancellationToken);
        }
        var (id, _) = await delivery.StoreAsync(new Activity
        {
            Type = ActivityTypes.Message,
            From = staff,
            Conversation = conversation,
            Text = text,
            TextFormat = "plain",
            Locale = escalation.Language == "en" ? "en-US" : "vi-VN",
            ChannelData = JsonSerializer.SerializeToElement(new { citizenHelper = new { from = "staff", reference } }),
        }, awaitingTurn: false, visibleToClient: true, cancellationToken);
        var actor = Actor(user);
        var record = await escalations.UpdateAsync(reference, actor, "reply", e =>
        {
            e.AssignedTo ??= actor;
            e.AnsweredAt ??= e.UpdatedAt;
            if (e.Status != EscalationStatus.Resolved)
            {
                e.Status = EscalationStatus.Answered;
            }
        }, cancellationToken);
        return TypedResults.Ok(new { activityId = id, escalation = Summary(record!) });
    }

    public static async Task<IResult> Resolve(string reference, ClaimsPrincipal user, EscalationStore escalations, CancellationToken cancellationToken)
    {
        var record = await escalations.UpdateAsync(reference, Actor(user), "resolve", e => e.Status = EscalationStatus.Resolved, cancellationToken);
        return record is null ? NotFound() : TypedResults.Ok(Summary(record));
    }

    private const int MaxStatsDays = 366;

    /// <summary>The dashboard's figures for the last <paramref name="days"/> days (default 30).</summary>
    public static async Task<Ok<Stats>> StatsJson(StatsStore stats, int? days, CancellationToken cancellationToken) =>
        TypedResults.Ok(await stats.ForLastDaysAsync(Math.Clamp(days ?? 30, 1, MaxStatsDays), cancellationToken));

    /// <summary>Questions per day and outcome as CSV, for a spreadsheet.</summary>
    public static async Task<FileContentHttpResult> StatsCsv(StatsStore stats, int? days, CancellationToken cancellationToken)
    {
        var figures = await stats.ForLastDaysAsync(Math.Clamp(days ?? 30, 1, MaxStatsDays), cancellationToken);
        var csv = new System.Text.StringBuilder("day,questions,answered,clarify,escalated,smalltalk\n");
        foreach (var day in figures.Days)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{day.Day:yyyy-MM-dd},{day.Questions},{day.Answered},{day.Clarify},{day.Escalated},{day.SmallTalk}\n");
        }
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", $"citizenhelper-{figures.From:yyyyMMdd}-{figures.To:yyyyMMdd}.csv");
    }

    private static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No escalation with that reference.");

    private static EscalationSummary Summary(EscalationRecord e) => new(
        e.Reference, e.ConversationId, e.Reason, e.Question, e.Language, e.ProcedureCode, e.Status.ToString(), e.Transcript, e.CreatedAt, e.UpdatedAt);

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
        IReadOnlyList<EscalationSummary> summaries = [.. records.Select(Summary)];
        return TypedResults.Ok(summaries);
    }
}

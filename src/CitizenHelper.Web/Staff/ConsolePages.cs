using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text;
using CitizenHelper.Answering;
using CitizenHelper.Knowledge.Text;
using CitizenHelper.Storage;
using CitizenHelper.Storage.Zalo;
using CitizenHelper.Web.Zalo;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using CitizenHelper.Web.Staff.Components;

namespace CitizenHelper.Web.Staff;

/// <summary>The staff console's queue and escalation pages, server-rendered; every action posts a protected form.</summary>
public static class ConsolePages
{
    private const int TranscriptMessages = 50;

    public static IEndpointRouteBuilder MapStaffConsole(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/staff").ExcludeFromDescription();
        pages.MapAccountPages();
        var staff = pages.MapGroup("").RequireAuthorization(StaffAccounts.StaffPolicy);
        staff.MapGet("", Queue);
        staff.MapGet("/queue/events", QueueEvents);
        staff.MapGet("/escalations/{reference}", Detail);
        staff.MapPost("/escalations/{reference}/take", Take);
        staff.MapPost("/escalations/{reference}/reply", Reply);
        staff.MapPost("/escalations/{reference}/resolve", Resolve);
        staff.MapPost("/escalations/{reference}/assign", Assign).RequireAuthorization(StaffAccounts.AdminPolicy);
        staff.MapPost("/escalations/{reference}/route", Route).RequireAuthorization(StaffAccounts.AdminPolicy);
        staff.MapKnowledgePages();
        staff.MapPortalPages();
        staff.MapDashboardPages();
        staff.MapPosterPages();
        return app;
    }

    public static async Task<IResult> Queue(
        HttpContext context, EscalationListing escalations, ConversationStore conversations, IOptions<StaffOptions> options, KnowledgeProvider knowledge, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (query, error) = QueueFilters.Parse(context.Request.Query);
        if (query is null)
        {
            return ConsoleView.Error(context, StatusCodes.Status400BadRequest, error!);
        }
        var scope = StaffAccounts.Scope(context.User);
        var records = await escalations.ListAsync(query, scope, cancellationToken);
        var q = context.Request.Query;
        var filters = QueryString.Create(q.Where(p => p.Key is not ("skip" or "take")).Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString())));
        string? next = null;
        if (records.Count > 0 && records.Count == query.Take)
        {
            next = QueryString.Create(q.Where(p => p.Key != "skip").Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString())).Append(KeyValuePair.Create("skip", (string?)(query.Skip + query.Take).ToString(CultureInfo.InvariantCulture)))).ToString();
        }
        var state = await escalations.QueueStateAsync(scope, cancellationToken);
        return ConsoleView.Page<QueuePage>(context, new
        {
            State = state,
            Records = records,
            Channels = await conversations.ChannelsAsync([.. records.Select(e => e.ConversationId)], cancellationToken),
            Query = q,
            Scope = scope,
            NoCenter = !scope.IsAdmin && scope.Centers.Count == 0,
            Filters = filters.ToString(),
            Next = next,
            Hours = CenterHours.For(scope, options.Value, knowledge, clock.GetUtcNow()),
        });
    }

    /// <summary>How often a live queue looks for changes, and how many looks without change before it says so anyway.</summary>
    public static readonly TimeSpan QueuePoll = TimeSpan.FromSeconds(3);

    private const int PollsPerHeartbeat = 10;

    /// <summary>
    /// The live queue: Server-Sent Events of the queue's state (open escalations, those with no center, a change stamp)
    /// whenever it changes, and now and then anyway so proxies keep the stream open. The page's script reloads the rows
    /// when the stamp changes; only what the signed-in member may see is counted.
    /// </summary>
    public static ServerSentEventsResult<QueueState> QueueEvents(HttpContext context, EscalationListing escalations, TimeProvider clock, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.ServerSentEvents(WatchAsync(StaffAccounts.Scope(context.User), escalations, clock, cancellationToken), eventType: "queue");
    }

    private static async IAsyncEnumerable<QueueState> WatchAsync(
        StaffScope scope, EscalationListing escalations, TimeProvider clock, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        QueueState? last = null;
        var quiet = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var state = await escalations.QueueStateAsync(scope, cancellationToken);
            if (state != last || ++quiet >= PollsPerHeartbeat)
            {
                quiet = 0;
                last = state;
                yield return state;
            }
            await Task.Delay(QueuePoll, clock, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public static async Task<IResult> Detail(
        string reference, HttpContext context, EscalationStore escalations, ConversationStore conversations,
        UserManager<StaffUser> users, IOptions<StaffOptions> options, ZaloStore zalo, IOptions<ZaloOptions> zaloOptions, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var scope = StaffAccounts.Scope(context.User);
        var e = await escalations.FindAsync(reference, scope, cancellationToken);
        if (e is null)
        {
            return ConsoleView.Error(context, StatusCodes.Status404NotFound, "Không có yêu cầu với mã này mà bạn được xem. · No escalation with that reference that you may see.");
        }
        string? done = context.Request.Query["done"].ToString() switch
        {
            "" => null,
            "reply" => "Đã gửi câu trả lời vào cuộc trò chuyện của người dân. · The reply was delivered into the citizen's chat.",
            "reply-pending" => "Đã lưu câu trả lời nhưng chưa gửi được; hệ thống sẽ tự gửi lại. · The reply is saved but not delivered yet; it will be delivered automatically.",
            "resolve" => "Đã đánh dấu xong. · Resolved.",
            "take" => "Bạn đã nhận yêu cầu này. · You took it.",
            _ => "Đã lưu. · Saved.",
        };
        IReadOnlyList<string> staffEmails = [];
        if (scope.IsAdmin && e.Status != EscalationStatus.Resolved)
        {
            staffEmails = [.. (await users.GetUsersInRoleAsync(StaffRoles.Staff)).Concat(await users.GetUsersInRoleAsync(StaffRoles.Admin))
                .Select(u => u.Email ?? "").Where(m => m.Length > 0).Distinct().Order(StringComparer.Ordinal)];
        }
        var channels = await conversations.ChannelsAsync([e.ConversationId], cancellationToken);
        var channel = channels.GetValueOrDefault(e.ConversationId);
        return ConsoleView.Page<DetailPage>(context, new
        {
            E = e,
            Channel = channel,
            Zalo = channel == ZaloConversations.ChannelId ? await ZaloStaffApi.WindowOfAsync(e.ConversationId, zalo, zaloOptions.Value, clock, cancellationToken) : null,
            Done = done,
            Phone = e.CallbackPhone is { } phone && scope.SeesPhoneOf(e) ? phone : null,
            options.Value.CallbackRetentionDays,
            Replies = await escalations.RepliesAsync(e.Reference, cancellationToken),
            Transcript = (await conversations.TranscriptAsync(e.ConversationId, TranscriptMessages, cancellationToken)).Select(ChatMessage.From).ToList(),
            History = await escalations.AuditAsync(e.Reference, cancellationToken),
            CannedReplies = options.Value.Replies,
            StaffEmails = staffEmails,
            TakenByMe = e.AssignedTo == StaffAccounts.Actor(context.User),
            Version = EscalationActions.Version(e),
        });
    }

    /// <summary>One message of a conversation shown to staff: when, who (user, bot or staff) and its text on one line.</summary>
    public sealed record TranscriptEntry(DateTimeOffset? At, string Who, string Text)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{At:yyyy-MM-dd HH:mm}Z] {Who}: {Text}");
    }

    /// <summary>The conversation as it is now (staff replies and later messages included), with personal data redacted.</summary>
    public static async Task<IReadOnlyList<TranscriptEntry>> RedactedConversationAsync(ConversationStore conversations, string conversationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        var activities = await conversations.TranscriptAsync(conversationId, TranscriptMessages, cancellationToken);
        return [.. activities.Select(a =>
        {
            // Only the service writes as the bot or staff (clients post as the user): the speaker is one of three names.
            var who = a.From is { Role: Bot.Schema.RoleTypes.Bot } from ? (from.Id == "staff" ? "staff" : "bot") : "user";
            return new TranscriptEntry(a.Timestamp, who, TranscriptText.OneLine(PersonalData.Redact(a.Text ?? "")));
        })];
    }

    public static async Task<IResult> Take(string reference, HttpContext context, EscalationActions actions, CancellationToken cancellationToken)
    {
        var (_, error) = await ConsoleForms.ReadAsync(context);
        if (error is not null)
        {
            return error;
        }
        var outcome = await actions.TakeAsync(reference, StaffAccounts.Scope(context.User), StaffAccounts.Actor(context.User), cancellationToken);
        return After(context, outcome, reference, "take");
    }

    public static async Task<IResult> Reply(string reference, HttpContext context, EscalationActions actions, CancellationToken cancellationToken)
    {
        var (form, error) = await ConsoleForms.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }
        if (!TryVersion(form, out var version))
        {
            return ConsoleView.Error(context, StatusCodes.Status400BadRequest, "The form has no valid version; open the page again. / Biểu mẫu thiếu phiên bản; hãy mở lại trang.", $"/staff/escalations/{reference}");
        }
        var outcome = await actions.ReplyAsync(reference, form["text"], StaffAccounts.Scope(context.User), StaffAccounts.Actor(context.User), version, cancellationToken);
        return After(context, outcome, reference, outcome.Pending ? "reply-pending" : "reply");
    }

    public static async Task<IResult> Resolve(string reference, HttpContext context, EscalationActions actions, CancellationToken cancellationToken)
    {
        var (form, error) = await ConsoleForms.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }
        if (!TryVersion(form, out var version))
        {
            return ConsoleView.Error(context, StatusCodes.Status400BadRequest, "The form has no valid version; open the page again. / Biểu mẫu thiếu phiên bản; hãy mở lại trang.", $"/staff/escalations/{reference}");
        }
        var outcome = await actions.ResolveAsync(reference, StaffAccounts.Scope(context.User), StaffAccounts.Actor(context.User), version, cancellationToken);
        return After(context, outcome, reference, "resolve");
    }

    public static async Task<IResult> Assign(string reference, HttpContext context, EscalationActions actions, UserManager<StaffUser> users, CancellationToken cancellationToken)
    {
        var (form, error) = await ConsoleForms.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }
        var assignee = form["assignee"].ToString();
        if (assignee.Length is 0 or > 256 || await users.FindByEmailAsync(assignee) is null)
        {
            return ConsoleView.Error(context, StatusCodes.Status400BadRequest, "No staff account with that e-mail. / Không có tài khoản cán bộ với email này.", $"/staff/escalations/{reference}");
        }
        var outcome = await actions.AssignAsync(reference, assignee, StaffAccounts.Scope(context.User), StaffAccounts.Actor(context.User), cancellationToken);
        return After(context, outcome, reference, "assign");
    }

    public static async Task<IResult> Route(string reference, HttpContext context, EscalationActions actions, KnowledgeProvider knowledge, CancellationToken cancellationToken)
    {
        var (form, error) = await ConsoleForms.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }
        if (StaffCenters.KeyOf(knowledge, form["center"].ToString()) is not { } center)
        {
            return ConsoleView.Error(context, StatusCodes.Status400BadRequest, "That center is not in knowledge/centers. / Trung tâm này không có trong danh sách.", $"/staff/escalations/{reference}");
        }
        var outcome = await actions.RouteAsync(reference, center, StaffAccounts.Scope(context.User), StaffAccounts.Actor(context.User), cancellationToken);
        return After(context, outcome, reference, "route");
    }

    private static bool TryVersion(IFormCollection form, out long version) =>
        long.TryParse(form["version"], NumberStyles.None, CultureInfo.InvariantCulture, out version);

    /// <summary>Post, then redirect: a reload does not send the form again.</summary>
    private static IResult After(HttpContext context, StaffOutcome outcome, string reference, string done) => outcome.Kind switch
    {
        StaffOutcomeKind.Done => TypedResults.Redirect($"/staff/escalations/{Uri.EscapeDataString(reference)}?done={done}"),
        StaffOutcomeKind.NotFound => ConsoleView.Error(context, StatusCodes.Status404NotFound, outcome.Message!),
        StaffOutcomeKind.Invalid => ConsoleView.Error(context, StatusCodes.Status400BadRequest, outcome.Message!, $"/staff/escalations/{reference}"),
        StaffOutcomeKind.Conflict => ConsoleView.Error(context, StatusCodes.Status409Conflict, outcome.Message!, $"/staff/escalations/{reference}"),
        _ => ConsoleView.Error(context, StatusCodes.Status410Gone, outcome.Message!, $"/staff/escalations/{reference}"),
    };

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}

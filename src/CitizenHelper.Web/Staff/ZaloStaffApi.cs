using System.Security.Claims;
using CitizenHelper.Storage;
using CitizenHelper.Storage.Zalo;
using CitizenHelper.Web.Zalo;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Staff;

/// <summary>
/// For the console: whether an escalation's citizen is on Zalo and can get a staff reply now. Zalo lets the OA send
/// customer-service messages only for a while after the citizen's last message; outside it a reply waits for the
/// citizen's next message (or a notification template says one is waiting). Here with the console, not in Zalo/: the
/// channel knows nothing of staff; the staff side reads the channel's state.
/// </summary>
public static class ZaloStaffApi
{
    public sealed record ZaloWindow(
        string Channel, bool WindowOpen, DateTimeOffset? WindowClosesAt, bool Following, int Waiting, int Pending, int Failed, bool NotificationTemplate, string Note);

    /// <summary>Mapped only while the Zalo channel is on.</summary>
    public static IEndpointRouteBuilder MapZaloStaffApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.ServiceProvider.GetRequiredService<IOptions<ZaloOptions>>().Value.Enabled)
        {
            return app;
        }
        app.MapGet("/api/staff/zalo/escalations/{reference}", WindowAsync).WithTags("Zalo").RequireAuthorization(StaffAccounts.StaffPolicy);
        return app;
    }

    public static async Task<Results<Ok<ZaloWindow>, ProblemHttpResult>> WindowAsync(
        string reference, ClaimsPrincipal user, EscalationStore escalations, ZaloStore zalo, IOptions<ZaloOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await escalations.FindAsync(reference, StaffAccounts.Scope(user), cancellationToken) is not { } escalation)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No escalation with that reference.");
        }
        if (ZaloConversations.UserOf(escalation.ConversationId) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "This escalation's conversation is not on Zalo.");
        }
        var window = await WindowOfAsync(escalation.ConversationId, zalo, options.Value, clock, cancellationToken);
        return TypedResults.Ok(window);
    }

    public static async Task<ZaloWindow> WindowOfAsync(string conversationId, ZaloStore zalo, ZaloOptions options, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zalo);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        var contact = await zalo.FindContactByConversationAsync(conversationId, cancellationToken);
        var outbox = await zalo.OutboxOfAsync(conversationId, cancellationToken);
        var closes = contact?.LastInteractionAt + options.InteractionWindow;
        var open = closes is { } at && at > clock.GetUtcNow();
        var template = options.NotificationTemplateId.Length > 0;
        var note = open
            ? "Zalo: a reply reaches the citizen now. / Zalo: câu trả lời đến người dân ngay."
            : template
                ? "Zalo: outside the customer-service window; the citizen is notified by template and the reply is sent when they write again. / Zalo: ngoài thời hạn tư vấn; người dân được báo bằng tin mẫu, câu trả lời gửi khi họ nhắn lại."
                : "Zalo: outside the customer-service window; the reply waits for the citizen's next message. / Zalo: ngoài thời hạn tư vấn; câu trả lời chờ người dân nhắn lại.";
        return new ZaloWindow(ZaloConversations.ChannelId, open, closes, contact?.Following ?? false,
            outbox.Count(m => m.State == ZaloOutboxState.Waiting), outbox.Count(m => m.State == ZaloOutboxState.Pending), outbox.Count(m => m.State == ZaloOutboxState.Failed),
            template, note);
    }
}

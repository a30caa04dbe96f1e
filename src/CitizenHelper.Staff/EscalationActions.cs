using System.Text.Json;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Conversations;
using CitizenHelper.Storage;

namespace CitizenHelper.Staff;

public enum StaffOutcomeKind
{
    Done,
    NotFound,
    Invalid,
    Conflict,
    Gone,
}

/// <summary>What a staff action came to; the console and the JSON API turn it into a page or a problem.</summary>
/// <param name="ActivityId">A reply's message activity in the conversation.</param>
/// <param name="Pending">A reply recorded but not delivered yet (it will be).</param>
public sealed record StaffOutcome(StaffOutcomeKind Kind, EscalationRecord? Escalation = null, string? Message = null, string? ActivityId = null, bool Pending = false)
{
    public static StaffOutcome NotFound { get; } = new(StaffOutcomeKind.NotFound, Message: "No escalation with that reference. / Không có yêu cầu với mã này.");

    public static StaffOutcome Changed(EscalationRecord? escalation) => new(StaffOutcomeKind.Conflict, escalation,
        "This escalation changed since the form was opened (another reply, or the same form sent twice); nothing was done. Reload and check. / Yêu cầu đã thay đổi từ khi mở trang; chưa làm gì. Hãy tải lại trang.");
}

/// <summary>
/// The staff actions on an escalation, shared by the console and the JSON API: take, assign, route to a center,
/// reply into the citizen's conversation, resolve. Each action changes the escalation only if it is still at the
/// version it was read at, and the database decides (<see cref="EscalationStore.UpdateAsync"/>), so this holds
/// across instances: of two replies crossing, one is sent and the other is refused with nothing written or sent.
/// A form carries the version it was opened at; an action without one (the API's take, or a reply without
/// <c>version</c>) is tried again on the newer version a few times.
/// </summary>
public sealed class EscalationActions(
    EscalationStore escalations, ConversationStore conversations, ConversationDelivery delivery, StaffReplyDelivery replies, StaffSignatures signatures,
    ILogger<EscalationActions> logger)
{
    public const int MaxReplyLength = 4000;
    private const int Attempts = 3;

    /// <summary>The version a form carries back: when the escalation last changed.</summary>
    public static long Version(EscalationRecord escalation) => escalation?.UpdatedAt.UtcTicks ?? 0;

    public Task<StaffOutcome> TakeAsync(string reference, StaffScope scope, string actor, CancellationToken cancellationToken) =>
        AssignAsync(reference, actor, scope, actor, cancellationToken);

    /// <summary>
    /// Gives it to <paramref name="assignee"/>; the citizen's chat, if it still exists, hears that a person (named, with
    /// their center) has taken it over: Bot Framework's hand-off <c>accepted</c>.
    /// </summary>
    public Task<StaffOutcome> AssignAsync(string reference, string assignee, StaffScope scope, string actor, CancellationToken cancellationToken) =>
        ActAsync(reference, scope, null, async (record, conversation) =>
        {
            if (record.Status == EscalationStatus.Resolved)
            {
                return new StaffOutcome(StaffOutcomeKind.Conflict, record, "It is already resolved. / Yêu cầu đã được giải quyết.");
            }
            var updated = await escalations.UpdateAsync(record.Reference, record.UpdatedAt, actor, assignee == actor ? "take" : "assign", e =>
            {
                e.AssignedTo = assignee;
                if (e.Status == EscalationStatus.Open)
                {
                    e.Status = EscalationStatus.Assigned;
                }
            }, cancellationToken, assignee == actor ? null : assignee).ConfigureAwait(false);
            if (updated is null)
            {
                return null;
            }
            if (conversation && !string.Equals(record.AssignedTo, assignee, StringComparison.OrdinalIgnoreCase))
            {
                await TellAsync(updated, "accepted", assignee).ConfigureAwait(false);
            }
            return new StaffOutcome(StaffOutcomeKind.Done, updated);
        }, cancellationToken);

    /// <summary>Sends it to another center's staff (administrators).</summary>
    public Task<StaffOutcome> RouteAsync(string reference, string center, StaffScope scope, string actor, CancellationToken cancellationToken) =>
        ActAsync(reference, scope, null, async (record, _) =>
        {
            var updated = await escalations.UpdateAsync(record.Reference, record.UpdatedAt, actor, "route", e => e.Center = center, cancellationToken, center).ConfigureAwait(false);
            return updated is null ? null : new StaffOutcome(StaffOutcomeKind.Done, updated);
        }, cancellationToken);

    /// <summary>
    /// The staff answer goes into the citizen's own conversation — delivered now if their chat is open, or when it
    /// reconnects or polls later — preceded the first time by Bot Framework's hand-off event. The escalation is
    /// marked answered and the reply recorded, pending delivery, in one transaction (that also decides who wins a
    /// race); then it is delivered. If the conversation is gone by then, both are undone. If delivery fails
    /// otherwise, or the process stops first, the reply stays pending and <see cref="PendingReplyDelivery"/>
    /// delivers it once.
    /// </summary>
    public async Task<StaffOutcome> ReplyAsync(string reference, string? text, StaffScope scope, string actor, long? version, CancellationToken cancellationToken)
    {
        text = text?.Trim();
        return await ActAsync(reference, scope, version, async (record, conversation) =>
        {
            // Checked after the escalation is found, so someone who may not see it learns nothing from the answer.
            if (string.IsNullOrEmpty(text) || text.Length > MaxReplyLength)
            {
                return new StaffOutcome(StaffOutcomeKind.Invalid, Message: $"The reply needs a text of 1 to {MaxReplyLength} characters. / Câu trả lời cần từ 1 đến {MaxReplyLength} ký tự.");
            }
            if (record.Status == EscalationStatus.Resolved)
            {
                return new StaffOutcome(StaffOutcomeKind.Conflict, record, "It is already resolved; nothing was sent. / Yêu cầu đã được giải quyết; chưa gửi gì.");
            }
            if (!conversation)
            {
                return Gone(record);
            }
            (EscalationRecord Escalation, StaffReplyRecord Reply)? answered;
            try
            {
                answered = await escalations.AnswerAsync(record.Reference, record.UpdatedAt, actor, text,
                    () => ConversationDelivery.NewActivityId(record.ConversationId), cancellationToken).ConfigureAwait(false);
            }
            catch (Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                return Gone(record); // removed after the check above; nothing was written
            }
            if (answered is not { } done)
            {
                return null;
            }
            try
            {
                // The reply is recorded: it is delivered even if the staff member's request is cancelled now.
                await replies.DeliverInOrderAsync(done.Reply, CancellationToken.None).ConfigureAwait(false);
                return new StaffOutcome(StaffOutcomeKind.Done, done.Escalation, ActivityId: done.Reply.ActivityId);
            }
            catch (Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                // The conversation was removed after the check above: nothing was sent, so the escalation is as it was.
                await escalations.RevertAsync(record, done.Escalation, CancellationToken.None).ConfigureAwait(false);
                return Gone(record);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The staff reply to {Reference} is recorded but not delivered yet; it will be", record.Reference);
                return new StaffOutcome(StaffOutcomeKind.Done, done.Escalation, ActivityId: done.Reply.ActivityId, Pending: true);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes it; the citizen's client gets the hand-off's "completed" event if a person had taken it or replied.</summary>
    public Task<StaffOutcome> ResolveAsync(string reference, StaffScope scope, string actor, long? version, CancellationToken cancellationToken) =>
        ActAsync(reference, scope, version, async (record, conversation) =>
        {
            if (record.Status == EscalationStatus.Resolved)
            {
                return new StaffOutcome(StaffOutcomeKind.Done, record);
            }
            var resolved = await escalations.UpdateAsync(record.Reference, record.UpdatedAt, actor, "resolve", e => e.Status = EscalationStatus.Resolved, cancellationToken).ConfigureAwait(false);
            if (resolved is null)
            {
                return null;
            }
            if (conversation && (record.AnsweredAt is not null || record.AssignedTo is not null))
            {
                await TellAsync(resolved, "completed", actor).ConfigureAwait(false);
            }
            return new StaffOutcome(StaffOutcomeKind.Done, resolved);
        }, cancellationToken);

    private static StaffOutcome Gone(EscalationRecord record) => new(StaffOutcomeKind.Gone, record,
        "The citizen's conversation no longer exists; nothing was sent. Call back if a number was left, then resolve. / Cuộc trò chuyện không còn; chưa gửi gì.");

    /// <summary>
    /// Puts the hand-off status into the citizen's chat, from <paramref name="who"/>. The action is done by then, so it
    /// is not cancelled with the request; a conversation that is gone has no one to tell, and a failure is only logged.
    /// </summary>
    private async Task TellAsync(EscalationRecord record, string state, string who)
    {
        try
        {
            var signature = await signatures.FindAsync(who, record.Center, CancellationToken.None).ConfigureAwait(false);
            await delivery.StoreAsync(StaffReplyDelivery.HandoffEvent(null, record.ConversationId, record.Reference, state, signature),
                awaitingTurn: false, visibleToClient: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            // The conversation is gone: there is no one to tell; the action stands all the same.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The citizen's chat could not be told that {Reference} is {State}", record.Reference, state);
        }
    }

    /// <summary>
    /// Reads the escalation as <paramref name="scope"/> may see it and runs <paramref name="act"/> on it; the act
    /// answers null when the escalation changed under it (nothing was done). With a <paramref name="version"/> that
    /// is a conflict at once; without, it is tried again on the newer version.
    /// </summary>
    private async Task<StaffOutcome> ActAsync(
        string reference, StaffScope scope, long? version, Func<EscalationRecord, bool, Task<StaffOutcome?>> act, CancellationToken cancellationToken)
    {
        EscalationRecord? record = null;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            record = await escalations.FindAsync(reference, scope, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return StaffOutcome.NotFound;
            }
            if (version is { } expected && expected != Version(record))
            {
                return StaffOutcome.Changed(record);
            }
            var conversation = await conversations.ExistsAsync(record.ConversationId, cancellationToken).ConfigureAwait(false);
            if (await act(record, conversation).ConfigureAwait(false) is { } outcome)
            {
                return outcome;
            }
            if (version is not null)
            {
                break;
            }
        }
        return StaffOutcome.Changed(record);
    }
}

using System.Text.Json;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Conversations;
using CitizenHelper.Storage;

namespace CitizenHelper.Staff;

/// <summary>
/// Puts a recorded staff reply into the citizen's conversation — the hand-off event first for the escalation's first
/// reply — and then marks it delivered. Each activity keeps the id chosen when the reply was recorded, so delivering
/// again after a crash (between the record and the conversation, or before the mark) adds nothing twice. Both name the
/// staff member and their center (<see cref="StaffSignature"/>), so the citizen can tell a person from the bot.
/// </summary>
public sealed class StaffReplyDelivery(EscalationStore escalations, ConversationDelivery delivery, StaffSignatures signatures, ILogger<StaffReplyDelivery> logger)
{
    /// <summary>Who staff messages and hand-off events come from.</summary>
    public static readonly ChannelAccount StaffAccount = new() { Id = "staff", Name = "Cán bộ Trung tâm", Role = RoleTypes.Bot };

    /// <summary>Delivers it; a <see cref="Microsoft.EntityFrameworkCore.DbUpdateException"/> when the conversation no longer exists.</summary>
    public async Task DeliverAsync(StaffReplyRecord reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var escalation = await escalations.FindAsync(reply.Reference, StaffScope.Admin, cancellationToken).ConfigureAwait(false);
        var signature = await signatures.FindAsync(reply.Actor, escalation?.Center, cancellationToken).ConfigureAwait(false);
        if (reply.HandoffActivityId is { } handoff)
        {
            await delivery.StoreOnceAsync(HandoffEvent(handoff, reply.ConversationId, reply.Reference, "accepted", signature), cancellationToken).ConfigureAwait(false);
        }
        await delivery.StoreOnceAsync(new Activity
        {
            Id = reply.ActivityId,
            Type = ActivityTypes.Message,
            From = signature.Account,
            Conversation = new ConversationAccount { Id = reply.ConversationId },
            Text = reply.Text,
            TextFormat = "plain",
            Locale = reply.Locale,
            ChannelData = JsonSerializer.SerializeToElement(new { citizenHelper = new { from = "staff", reference = reply.Reference, staff = signature.ChannelData } }),
        }, cancellationToken).ConfigureAwait(false);
        await escalations.MarkDeliveredAsync(reply.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Delivers <paramref name="reply"/>, after any earlier reply to the same escalation still pending, so the
    /// citizen reads them in the order staff wrote them.
    /// </summary>
    public async Task DeliverInOrderAsync(StaffReplyRecord reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        foreach (var earlier in await escalations.PendingRepliesAsync(reply.CreatedAt, cancellationToken, reply.Reference).ConfigureAwait(false))
        {
            await DeliverAsync(earlier, cancellationToken).ConfigureAwait(false);
        }
        await DeliverAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Delivers the replies still pending that were recorded before <paramref name="before"/> (at start-up: all of
    /// them, left by a crash); returns how many were delivered. One that fails stays pending for the next round.
    /// </summary>
    public async Task<int> DeliverPendingAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var delivered = 0;
        foreach (var reply in await escalations.PendingRepliesAsync(before, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await DeliverAsync(reply, cancellationToken).ConfigureAwait(false);
                delivered++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The staff reply to {Reference} could not be delivered yet; it stays pending", reply.Reference);
            }
        }
        return delivered;
    }

    /// <summary>
    /// Bot Framework's hand-off status event for the escalation: <c>accepted</c> when a staff member takes it (or first
    /// replies), <c>completed</c> when it is resolved; from the staff member who did it.
    /// </summary>
    public static Activity HandoffEvent(string? id, string conversationId, string reference, string state, StaffSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return new()
        {
            Id = id,
            Type = ActivityTypes.Event,
            Name = "handoff.status",
            From = signature.Account,
            Conversation = new ConversationAccount { Id = conversationId },
            Value = JsonSerializer.SerializeToElement(new { state, reference, staff = signature.ChannelData }),
        };
    }
}

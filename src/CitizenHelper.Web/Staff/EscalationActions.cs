using System.Text.Json;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Storage;
using CitizenHelper.Web.DirectLine;

namespace CitizenHelper.Web.Staff;

public enum StaffOutcomeKind
{
    Done,
    NotFound,
    Invalid,
    Conflict,
    Gone,
}

/// <summary>What a staff action came to; the console and the JSON API turn it into a page or a problem.</summary>
public sealed record StaffOutcome(StaffOutcomeKind Kind, EscalationRecord? Escalation = null, string? Message = null, string? ActivityId = null)
{
    public static StaffOutcome NotFound { get; } = new(StaffOutcomeKind.NotFound, Message: "No escalation with that reference. / Không có yêu cầu với mã này.");
}

/// <summary>
/// The staff actions on an escalation, shared by the console and the JSON API: take, assign, route to a center,
/// reply into the citizen's conversation, resolve. Actions on one escalation run one at a time, and a form opened
/// on an older version of the escalation is refused, so two replies cannot cross and a replayed post sends nothing.
/// </summary>
public sealed class EscalationActions(EscalationStore escalations, ConversationStore conversations, ConversationDelivery delivery) : IDisposable
{
    public const int MaxReplyLength = 4000;
    private readonly SemaphoreSlim[] _locks = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public void Dispose()
    {
        foreach (var gate in _locks)
        {
            gate.Dispose();
        }
    }

    /// <summary>The version a form carries back: when the escalation last changed.</summary>
    public static long Version(EscalationRecord escalation) => escalation?.UpdatedAt.UtcTicks ?? 0;

    public Task<StaffOutcome> TakeAsync(string reference, StaffScope scope, string actor, CancellationToken cancellationToken) =>
        AssignAsync(reference, actor, scope, actor, cancellationToken);

    public Task<StaffOutcome> AssignAsync(string reference, string assignee, StaffScope scope, string actor, CancellationToken cancellationToken) =>
        OneAtATimeAsync(reference, scope, null, async (record, _) =>
        {
            if (record.Status == EscalationStatus.Resolved)
            {
                return new StaffOutcome(StaffOutcomeKind.Conflict, record, "It is already resolved. / Yêu cầu đã được giải quyết.");
            }
            var updated = await escalations.UpdateAsync(reference, actor, assignee == actor ? "take" : "assign", e =>
            {
                e.AssignedTo = assignee;
                if (e.Status == EscalationStatus.Open)
                {
                    e.Status = EscalationStatus.Assigned;
                }
            }, cancellationToken, assignee == actor ? null : assignee).ConfigureAwait(false);
            return new StaffOutcome(StaffOutcomeKind.Done, updated);
        }, cancellationToken);

    /// <summary>Sends it to another center's staff (administrators).</summary>
    public Task<StaffOutcome> RouteAsync(string reference, string center, StaffScope scope, string actor, CancellationToken cancellationToken) =>
        OneAtATimeAsync(reference, scope, null, async (record, _) =>
        {
            var updated = await escalations.UpdateAsync(reference, actor, "route", e => e.Center = center, cancellationToken, center).ConfigureAwait(false);
            return new StaffOutcome(StaffOutcomeKind.Done, updated);
        }, cancellationToken);

    /// <summary>
    /// The staff answer goes into the citizen's own conversation — delivered now if their chat is open, or when it
    /// reconnects or polls later — preceded the first time by Bot Framework's hand-off event.
    /// </summary>
    public async Task<StaffOutcome> ReplyAsync(string reference, string? text, StaffScope scope, string actor, long? version, CancellationToken cancellationToken)
    {
        text = text?.Trim();
        return await OneAtATimeAsync(reference, scope, version, async (record, conversation) =>
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
                return new StaffOutcome(StaffOutcomeKind.Gone, record, "The citizen's conversation no longer exists; nothing was sent. Call back if a number was left, then resolve. / Cuộc trò chuyện không còn; chưa gửi gì.");
            }
            string id;
            try
            {
                if (record.AnsweredAt is null)
                {
                    await SendHandoffAsync(record, "accepted", cancellationToken).ConfigureAwait(false);
                }
                (id, _) = await delivery.StoreAsync(new Activity
                {
                    Type = ActivityTypes.Message,
                    From = StaffAccount,
                    Conversation = new ConversationAccount { Id = record.ConversationId },
                    Text = text,
                    TextFormat = "plain",
                    Locale = record.Language == "en" ? "en-US" : "vi-VN",
                    ChannelData = JsonSerializer.SerializeToElement(new { citizenHelper = new { from = "staff", reference } }),
                }, awaitingTurn: false, visibleToClient: true, cancellationToken).ConfigureAwait(false);
            }
            catch (Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                // The conversation was removed after the check above.
                return new StaffOutcome(StaffOutcomeKind.Gone, record, "The citizen's conversation no longer exists; nothing was sent. / Cuộc trò chuyện không còn; chưa gửi gì.");
            }
            var updated = await escalations.UpdateAsync(reference, actor, "reply", e =>
            {
                e.AssignedTo ??= actor;
                e.AnsweredAt ??= e.UpdatedAt;
                e.Status = EscalationStatus.Answered;
            }, cancellationToken).ConfigureAwait(false);
            return new StaffOutcome(StaffOutcomeKind.Done, updated, ActivityId: id);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes it; the citizen's client gets the hand-off's "completed" event.</summary>
    public Task<StaffOutcome> ResolveAsync(string reference, StaffScope scope, string actor, long? version, CancellationToken cancellationToken) =>
        OneAtATimeAsync(reference, scope, version, async (record, conversation) =>
        {
            if (record.Status == EscalationStatus.Resolved)
            {
                return new StaffOutcome(StaffOutcomeKind.Done, record);
            }
            if (conversation && record.AnsweredAt is not null)
            {
                await SendHandoffAsync(record, "completed", cancellationToken).ConfigureAwait(false);
            }
            var updated = await escalations.UpdateAsync(reference, actor, "resolve", e => e.Status = EscalationStatus.Resolved, cancellationToken).ConfigureAwait(false);
            return new StaffOutcome(StaffOutcomeKind.Done, updated);
        }, cancellationToken);

    private static readonly ChannelAccount StaffAccount = new() { Id = "staff", Name = "Cán bộ Trung tâm", Role = RoleTypes.Bot };

    private Task<(string Id, long Watermark)> SendHandoffAsync(EscalationRecord record, string state, CancellationToken cancellationToken) =>
        delivery.StoreAsync(new Activity
        {
            Type = ActivityTypes.Event,
            Name = "handoff.status",
            From = StaffAccount,
            Conversation = new ConversationAccount { Id = record.ConversationId },
            Value = JsonSerializer.SerializeToElement(new { state, reference = record.Reference }),
        }, awaitingTurn: false, visibleToClient: true, cancellationToken);

    private async Task<StaffOutcome> OneAtATimeAsync(
        string reference, StaffScope scope, long? version, Func<EscalationRecord, bool, Task<StaffOutcome>> act, CancellationToken cancellationToken)
    {
        var gate = _locks[(int)((uint)StringComparer.Ordinal.GetHashCode(reference) % (uint)_locks.Length)];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var record = await escalations.FindAsync(reference, scope, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return StaffOutcome.NotFound;
            }
            if (version is { } expected && expected != Version(record))
            {
                return new StaffOutcome(StaffOutcomeKind.Conflict, record,
                    "This escalation changed since the form was opened (another reply, or the same form sent twice); nothing was done. Reload and check. / Yêu cầu đã thay đổi từ khi mở trang; chưa làm gì. Hãy tải lại trang.");
            }
            var conversation = await conversations.ExistsAsync(record.ConversationId, cancellationToken).ConfigureAwait(false);
            return await act(record, conversation).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }
}

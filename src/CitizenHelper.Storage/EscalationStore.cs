using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CitizenHelper.Answering;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Bot.Turns;
using CitizenHelper.Knowledge.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Storage;

// Over 300 lines on purpose: escalations, their replies, callbacks and the audit log are written together (one transaction per staff action).

/// <summary>
/// Records escalated questions with a redacted transcript and the center it is given, and the staff actions on them;
/// <see cref="EscalationListing"/> lists them for staff.
/// </summary>
public sealed class EscalationStore(
    IDbContextFactory<CitizenHelperDbContext> contexts, BatchWriter writes, TimeProvider clock,
    KnowledgeProvider knowledge, IOptions<StaffOptions> options) : ICallbackSink
{
    /// <summary>How many of the conversation's last messages an escalation keeps as its transcript.</summary>
    public const int TranscriptMessages = 50;
    private const string ReferenceAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    // Later questions joined to a waiting escalation's question, up to this length (the transcript keeps them all).
    private const int MaxGatheredQuestion = 2000;

    public async Task<DateTimeOffset?> StaffBackAtAsync(string reference, CancellationToken cancellationToken)
    {
        if (options.Value.WorkingHours.Count == 0)
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var center = await db.Escalations.Where(e => e.Reference == reference).Select(e => e.Center).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return options.Value.StaffBackAt(center, clock.GetUtcNow());
    }

    /// <summary>
    /// Records an escalated question for <paramref name="center"/> (decided by the caller; null: no center yet) with the
    /// conversation's last messages as its transcript, redacted; a question from a conversation that already waits
    /// for staff joins that escalation. The reference staff and the citizen know it by.
    /// </summary>
    public async Task<string> RecordAsync(EscalationRequest request, IReadOnlyList<Activity> transcript, string? center, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(transcript);
        var text = new StringBuilder();
        foreach (var activity in transcript)
        {
            text.Append(CultureInfo.InvariantCulture, $"[{activity.Timestamp:yyyy-MM-dd HH:mm:ss}Z] {activity.From?.Role ?? "user"}: {Storable(TranscriptText.OneLine(activity.Text ?? ""))}\n");
        }

        var now = clock.GetUtcNow();
        var record = new EscalationRecord
        {
            Reference = NewReference(),
            ConversationId = request.ConversationId,
            Reason = request.Reason.ToString(),
            Question = Storable(request.Question),
            Language = request.Language,
            ProcedureCode = KnownProcedure(request.ProcedureCode),
            Status = EscalationStatus.Open,
            Transcript = text.ToString(),
            Center = center,
            CreatedAt = now,
            CreatedOn = VietnamTime.DateOf(now),
            UpdatedAt = now,
        };
        return await writes.WriteAsync<string>(db =>
        {
            // One escalation per conversation while it waits for staff (open or taken, not yet answered): later
            // questions join it, so a conversation that keeps asking fills one row of the queue, not one per message.
            // After a reply, a new question is a new escalation.
            var waiting = db.Escalations.Local.FirstOrDefault(e => e.ConversationId == record.ConversationId && e.Status is EscalationStatus.Open or EscalationStatus.Assigned)
                ?? db.Escalations.Where(e => e.ConversationId == record.ConversationId && (e.Status == EscalationStatus.Open || e.Status == EscalationStatus.Assigned))
                    .OrderByDescending(e => e.Id).FirstOrDefault();
            if (waiting is null)
            {
                db.Escalations.Add(record);
                return () => record.Reference;
            }
            // A change like a staff action's: a new version, so staff acting on what they saw before the new question
            // are told it changed.
            waiting.UpdatedAt = NextVersion(waiting.UpdatedAt);
            waiting.Transcript = record.Transcript;
            if (waiting.Question.Length + record.Question.Length < MaxGatheredQuestion)
            {
                waiting.Question += "\n" + TranscriptText.OneLine(record.Question);
            }
            waiting.ProcedureCode ??= record.ProcedureCode;
            waiting.Center ??= record.Center;
            db.Audit.Add(new AuditEntry { Actor = "citizen", Action = "follow-up", Subject = waiting.Reference, At = waiting.UpdatedAt, Detail = record.Reason });
            return () => waiting.Reference;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The escalation, if it exists and <paramref name="scope"/> may see it.</summary>
    public async Task<EscalationRecord?> FindAsync(string reference, StaffScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var record = await db.Escalations.AsNoTracking().FirstOrDefaultAsync(e => e.Reference == reference, cancellationToken).ConfigureAwait(false);
        return record is not null && scope.Sees(record) ? record : null;
    }

    /// <summary>
    /// Moves an escalation along (assigned, answered, resolved) if it is still at <paramref name="version"/> (its
    /// <c>UpdatedAt</c>), and records who did it, in one transaction; null, with nothing written, when it changed.
    /// The database decides: the UPDATE matches the row only at that version, so of two actions on the same
    /// version, on this instance or another, exactly one is carried out. <c>UpdatedAt</c> is set before
    /// <paramref name="change"/> runs, so the change can use it as "now".
    /// </summary>
    public Task<EscalationRecord?> UpdateAsync(
        string reference, DateTimeOffset version, string actor, string action, Action<EscalationRecord> change, CancellationToken cancellationToken, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        return ChangeAsync(reference, version, actor, action, detail, (record, _) => change(record), cancellationToken);
    }

    /// <summary>
    /// Marks the escalation answered by <paramref name="actor"/> and records the reply, pending delivery, in the same
    /// transaction (see <see cref="UpdateAsync(string, DateTimeOffset, string, string, Action{EscalationRecord}, CancellationToken, string?)"/>):
    /// a crash before the reply reaches the conversation leaves it pending, to be delivered again, never lost. The
    /// first reply also gets the id of the hand-off event that goes before it. Null, with nothing written, when the
    /// escalation changed; a <see cref="DbUpdateException"/> when its conversation no longer exists.
    /// </summary>
    public async Task<(EscalationRecord Escalation, StaffReplyRecord Reply)?> AnswerAsync(
        string reference, DateTimeOffset version, string actor, string text, Func<string> newActivityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newActivityId);
        StaffReplyRecord? reply = null;
        var answered = await ChangeAsync(reference, version, actor, "reply", null, (e, db) =>
        {
            var first = e.AnsweredAt is null;
            e.AssignedTo ??= actor;
            if (first)
            {
                e.AnsweredAt = e.UpdatedAt;
                e.SecondsToReply = (int)Math.Clamp((e.UpdatedAt - e.CreatedAt).TotalSeconds, 0, int.MaxValue);
            }
            e.Status = EscalationStatus.Answered;
            reply = new StaffReplyRecord
            {
                Reference = reference,
                ConversationId = e.ConversationId,
                ActivityId = newActivityId(),
                HandoffActivityId = first ? newActivityId() : null,
                Text = StorableReply(text),
                Locale = e.Language == "en" ? "en-US" : "vi-VN",
                Actor = actor,
                CreatedAt = e.UpdatedAt,
            };
            db.StaffReplies.Add(reply);
        }, cancellationToken).ConfigureAwait(false);
        return answered is null ? null : (answered, reply!);
    }

    private async Task<EscalationRecord?> ChangeAsync(
        string reference, DateTimeOffset version, string actor, string action, string? detail, Action<EscalationRecord, CitizenHelperDbContext> change, CancellationToken cancellationToken)
    {
        try
        {
            return await writes.WriteAsync<EscalationRecord?>(db =>
            {
                var record = db.Escalations.FirstOrDefault(e => e.Reference == reference);
                if (record is null || record.UpdatedAt != version)
                {
                    return () => null;
                }
                // What the UPDATE must still find, also if another instance commits between this read and the write.
                db.Entry(record).Property(e => e.UpdatedAt).OriginalValue = version;
                record.UpdatedAt = NextVersion(version);
                change(record, db);
                db.Audit.Add(new AuditEntry { Actor = actor, Action = action, Subject = reference, At = record.UpdatedAt, Detail = detail });
                return () => record;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }
    }

    /// <summary>
    /// Undoes <paramref name="after"/> (an update whose follow-up failed, such as a reply that could not be stored)
    /// back to <paramref name="before"/>, audit entry included, unless it changed again since.
    /// </summary>
    public async Task<bool> RevertAsync(EscalationRecord before, EscalationRecord after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        try
        {
            return await writes.WriteAsync<bool>(db =>
            {
                var record = db.Escalations.FirstOrDefault(e => e.Reference == after.Reference);
                if (record is null || record.UpdatedAt != after.UpdatedAt)
                {
                    return () => false;
                }
                db.Entry(record).Property(e => e.UpdatedAt).OriginalValue = after.UpdatedAt;
                (record.Status, record.AssignedTo, record.AnsweredAt, record.SecondsToReply, record.Center, record.UpdatedAt) =
                    (before.Status, before.AssignedTo, before.AnsweredAt, before.SecondsToReply, before.Center, before.UpdatedAt);
                db.Audit.RemoveRange(db.Audit.Where(a => a.Subject == after.Reference && a.At == after.UpdatedAt));
                db.StaffReplies.RemoveRange(db.StaffReplies.Where(r => r.Reference == after.Reference && r.CreatedAt == after.UpdatedAt && r.DeliveredAt == null));
                return () => true;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>The reply is in the conversation: no longer pending.</summary>
    public Task MarkDeliveredAsync(long replyId, CancellationToken cancellationToken) =>
        writes.WriteAsync<bool>(db =>
        {
            if (db.StaffReplies.Find(replyId) is { DeliveredAt: null } reply)
            {
                reply.DeliveredAt = clock.GetUtcNow();
            }
            return () => true;
        }, cancellationToken);

    /// <summary>
    /// Replies not yet delivered that were recorded before <paramref name="before"/> (of one escalation, or of all),
    /// oldest first.
    /// </summary>
    public async Task<IReadOnlyList<StaffReplyRecord>> PendingRepliesAsync(DateTimeOffset before, CancellationToken cancellationToken, string? reference = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var pending = db.StaffReplies.AsNoTracking().Where(r => r.DeliveredAt == null && r.CreatedAt < before);
        if (reference is not null)
        {
            pending = pending.Where(r => r.Reference == reference);
        }
        return await pending.OrderBy(r => r.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The staff replies to an escalation, oldest first, delivered or still pending.</summary>
    public async Task<IReadOnlyList<StaffReplyRecord>> RepliesAsync(string reference, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.StaffReplies.AsNoTracking().Where(r => r.Reference == reference).OrderBy(r => r.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Now, in whole milliseconds (every database keeps those: SQLite's stored form 100 µs, PostgreSQL 1 µs), and
    /// later than <paramref name="previous"/>: versions only grow, even for two changes within one millisecond.
    /// </summary>
    private DateTimeOffset NextVersion(DateTimeOffset previous)
    {
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMillisecond));
        return now > previous ? now : previous.AddMilliseconds(1);
    }

    /// <summary>Records a staff action that is not a change to an escalation (an account created, a file written).</summary>
    public Task RecordActionAsync(string actor, string action, string subject, string? detail, CancellationToken cancellationToken) =>
        writes.WriteAsync<bool>(db =>
        {
            db.Audit.Add(new AuditEntry { Actor = actor, Action = action, Subject = subject.Length > 64 ? subject[..64] : subject, At = clock.GetUtcNow(), Detail = detail is { Length: > 500 } ? detail[..500] : detail });
            return () => true;
        }, cancellationToken);

    /// <summary>The audit log, newest first, optionally of one actor or subject.</summary>
    public async Task<IReadOnlyList<AuditEntry>> AuditLogAsync(string? who, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var entries = db.Audit.AsNoTracking();
        if (who?.Trim() is { Length: > 0 } filter)
        {
            entries = entries.Where(a => a.Actor == filter || a.Subject == filter);
        }
        return await entries.OrderByDescending(a => a.Id).Skip(skip).Take(take).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(string reference, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Audit.AsNoTracking().Where(a => a.Subject == reference).OrderBy(a => a.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Keeps the phone number a citizen left for a call-back with the escalation, and redacts it from the stored
    /// message it was typed in, in the same transaction: the number is kept in one place, which retention clears.
    /// </summary>
    public Task<string?> LeaveCallbackAsync(string conversationId, string? reference, string phone, string? activityId, CancellationToken cancellationToken) =>
        writes.WriteAsync<string?>(db =>
        {
            var record = db.Escalations.Where(e => e.ConversationId == conversationId && (reference == null || e.Reference == reference))
                .OrderByDescending(e => e.Id).FirstOrDefault();
            if (record is not null)
            {
                record.CallbackPhone = phone;
                record.CallbackLeftAt = clock.GetUtcNow();
                db.Audit.Add(new AuditEntry { Actor = "citizen", Action = "leave-callback", Subject = record.Reference, At = record.CallbackLeftAt.Value });
            }
            var message = activityId is null ? null : db.Activities.FirstOrDefault(a => a.ActivityId == activityId && a.ConversationId == conversationId);
            if (message is not null && ActivityJson.Deserialize(message.Json) is { Text: { } text } activity)
            {
                activity.Text = PersonalData.Redact(text);
                message.Json = ActivityJson.Serialize(activity);
            }
            return () => record?.Reference;
        }, cancellationToken);

    /// <summary>Deletes call-back numbers older than the retention period; returns how many.</summary>
    public Task<int> DeleteExpiredCallbacksAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().AddDays(-options.Value.CallbackRetentionDays);
        return writes.WriteAsync<int>(db =>
        {
            var expired = db.Escalations.Where(e => e.CallbackLeftAt != null && e.CallbackLeftAt < cutoff).ToList();
            foreach (var record in expired)
            {
                record.CallbackPhone = null;
                record.CallbackLeftAt = null;
                db.Audit.Add(new AuditEntry { Actor = "system", Action = "delete-callback", Subject = record.Reference, At = clock.GetUtcNow() });
            }
            return () => expired.Count;
        }, cancellationToken);
    }

    /// <summary>
    /// The procedure code if the loaded knowledge has it, else null: a code can come back from a client (a rating
    /// button's value) as anything, and it is shown in the console, linked, exported and counted.
    /// </summary>
    private string? KnownProcedure(string? code) => knowledge.Current.Base.HasProcedure(code) ? code : null;

    /// <summary>
    /// A staff reply as kept and delivered: a citizen's ID number, phone number or e-mail copied into it is redacted,
    /// but a center's own published phone number (knowledge/centers) is what staff point citizens to, and stays.
    /// </summary>
    private string StorableReply(string text)
    {
        var published = knowledge.Current.Base.Units.Select(u => u.Phone).OfType<string>()
            .SelectMany(p => p.Split([';', ',', '/'], StringSplitOptions.RemoveEmptyEntries))
            .Select(PersonalData.NationalNumber).Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);
        return PersonalData.Redact(text.Replace("\0", "", StringComparison.Ordinal), published.Contains);
    }

    /// <summary>Redacted, and without NUL characters, which a chat message may carry but PostgreSQL text cannot.</summary>
    private static string Storable(string text) => PersonalData.Redact(text.Replace("\0", "", StringComparison.Ordinal));

    private static string NewReference() =>
        "CH-" + string.Create(6, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = ReferenceAlphabet[RandomNumberGenerator.GetInt32(ReferenceAlphabet.Length)];
            }
        });
}

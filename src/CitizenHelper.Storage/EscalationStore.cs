using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CitizenHelper.Answering;
using CitizenHelper.Knowledge.Text;
using Microsoft.EntityFrameworkCore;

namespace CitizenHelper.Storage;

/// <summary>Records escalated questions with a redacted transcript, and lists them for staff.</summary>
public sealed class EscalationStore(IDbContextFactory<CitizenHelperDbContext> contexts, ConversationStore conversations, BatchWriter writes, TimeProvider clock) : IEscalationSink
{
    private const int TranscriptMessages = 50;
    private const string ReferenceAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public async Task<string> RecordAsync(EscalationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var transcript = await conversations.TranscriptAsync(request.ConversationId, TranscriptMessages, cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder();
        foreach (var activity in transcript)
        {
            text.Append(CultureInfo.InvariantCulture, $"[{activity.Timestamp:yyyy-MM-dd HH:mm:ss}Z] {activity.From?.Role ?? "user"}: {PersonalData.Redact(activity.Text ?? "")}\n");
        }

        var now = clock.GetUtcNow();
        var record = new EscalationRecord
        {
            Reference = NewReference(),
            ConversationId = request.ConversationId,
            Reason = request.Reason.ToString(),
            Question = PersonalData.Redact(request.Question),
            Language = request.Language,
            ProcedureCode = request.ProcedureCode,
            Status = EscalationStatus.Open,
            Transcript = text.ToString(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        return await writes.WriteAsync<string>(db =>
        {
            db.Escalations.Add(record);
            return () => record.Reference;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<EscalationRecord?> FindAsync(string reference, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Escalations.AsNoTracking().FirstOrDefaultAsync(e => e.Reference == reference, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Moves an escalation along (assigned, answered, resolved) and records who did it. <c>UpdatedAt</c> is set
    /// before <paramref name="change"/> runs, so the change can use it as "now".
    /// </summary>
    public async Task<EscalationRecord?> UpdateAsync(string reference, string actor, string action, Action<EscalationRecord> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return await writes.WriteAsync<EscalationRecord?>(db =>
        {
            // Read and changed inside the writer, so two staff members acting at once cannot overwrite each other.
            var record = db.Escalations.FirstOrDefault(e => e.Reference == reference);
            if (record is not null)
            {
                record.UpdatedAt = clock.GetUtcNow();
                change(record);
                db.Audit.Add(new AuditEntry { Actor = actor, Action = action, Subject = reference, At = record.UpdatedAt });
            }
            return () => record;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(string reference, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Audit.AsNoTracking().Where(a => a.Subject == reference).OrderBy(a => a.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<EscalationRecord>> ListAsync(int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Escalations.AsNoTracking()
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Skip(skip).Take(take)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string NewReference() =>
        "CH-" + string.Create(6, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = ReferenceAlphabet[RandomNumberGenerator.GetInt32(ReferenceAlphabet.Length)];
            }
        });
}

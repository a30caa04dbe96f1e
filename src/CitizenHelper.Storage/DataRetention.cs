using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Storage;

/// <summary>How long conversations are kept (section "Retention").</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>
    /// Days a conversation is kept after its last message or staff action: then it is deleted with its messages,
    /// uploaded files, escalations and staff replies. 365, as GOV.UK Chat keeps conversations for a year.
    /// </summary>
    public int Days { get; set; } = 365;

    public IEnumerable<string> Validate()
    {
        if (Days is < 30 or > 3650)
        {
            yield return $"{SectionName}:{nameof(Days)} must be between 30 and 3650 days, not {Days}.";
        }
    }
}

/// <summary>What one retention pass deleted.</summary>
public sealed record RetentionPass(int Conversations, int Activities, int Attachments, int Escalations, int StaffReplies);

/// <summary>
/// Deletes conversations nothing has happened in for <see cref="RetentionOptions.Days"/>: no message and no change to
/// an escalation of theirs since. Each goes whole — messages, uploaded files, escalations (call-back numbers with
/// them), staff replies, and a Zalo conversation's contact and queued messages — so no part outlives the rest. Outcomes, ratings and the audit log hold no personal data
/// and stay for the figures and for accountability.
/// </summary>
public sealed class DataRetention(
    IDbContextFactory<CitizenHelperDbContext> contexts, ConversationStore conversations, ConversationStateStore states, TimeProvider clock, IOptions<RetentionOptions> options)
{
    // Conversations per transaction: SQLite's write lock is held for one such chunk, not for the whole pass.
    private const int Chunk = 200;

    /// <summary>One pass: deletes every expired conversation as of now, a chunk at a time.</summary>
    public async Task<RetentionPass> RunOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().AddDays(-options.Value.Days);
        var total = new RetentionPass(0, 0, 0, 0, 0);
        while (true)
        {
            var pass = await DeleteChunkAsync(cutoff, cancellationToken).ConfigureAwait(false);
            total = new RetentionPass(
                total.Conversations + pass.Conversations, total.Activities + pass.Activities, total.Attachments + pass.Attachments,
                total.Escalations + pass.Escalations, total.StaffReplies + pass.StaffReplies);
            if (pass.Conversations < Chunk)
            {
                return total;
            }
        }
    }

    private async Task<RetentionPass> DeleteChunkAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        // Not through the BatchWriter: a pass deletes many rows with a few statements, and SQLite's busy timeout
        // makes the writer wait for it (or it for the writer) instead of failing.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var expired = await db.Conversations
            .Where(c => c.CreatedAt < cutoff
                && !db.Activities.Any(a => a.ConversationId == c.Id && a.Timestamp >= cutoff)
                && !db.Escalations.Any(e => e.ConversationId == c.Id && e.UpdatedAt >= cutoff))
            .OrderBy(c => c.CreatedAt).Select(c => c.Id).Take(Chunk)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (expired.Count == 0)
        {
            return new RetentionPass(0, 0, 0, 0, 0);
        }
        var replies = await db.StaffReplies.Where(r => expired.Contains(r.ConversationId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var escalations = await db.Escalations.Where(e => expired.Contains(e.ConversationId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var attachments = await db.Attachments.Where(a => expired.Contains(a.ConversationId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var activities = await db.Activities.Where(a => expired.Contains(a.ConversationId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        // A Zalo conversation's contact (the citizen's Zalo id) and its messages still queued go with it; a later
        // message from that citizen starts both again.
        await db.ZaloOutbox.Where(m => expired.Contains(m.ConversationId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.ZaloContacts.Where(c => expired.Contains(c.ConversationId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var deleted = await db.Conversations.Where(c => expired.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        conversations.Forget(expired);
        states.Forget(expired);
        return new RetentionPass(deleted, activities, attachments, escalations, replies);
    }
}

using Microsoft.EntityFrameworkCore;

namespace CitizenHelper.Storage;

public enum DraftStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>
/// A change to one knowledge-base file that staff drafted from a reply, waiting for an administrator. It keeps the
/// file as it was when drafted, so the reviewer sees an exact diff and a file edited meanwhile is not overwritten.
/// </summary>
public sealed class KnowledgeDraft
{
    public long Id { get; set; }

    /// <summary>The escalation whose reply it grew from, if any.</summary>
    public string? EscalationReference { get; set; }

    /// <summary>The file, relative to the knowledge folder, with forward slashes (procedures/1.001193.vi.md).</summary>
    public required string Path { get; set; }

    /// <summary><c>faq</c> (a question and answer added to a procedure) or <c>correction</c> (the file edited).</summary>
    public required string Kind { get; set; }

    /// <summary>The file's text when the draft was made; empty for a new file.</summary>
    public required string Original { get; set; }

    public required string Proposed { get; set; }
    public DraftStatus Status { get; set; }
    public required string DraftedBy { get; set; }
    public DateTimeOffset DraftedAt { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }

    /// <summary>Why it was rejected: the reviewer's note or the knowledge checks' problems.</summary>
    public string? ReviewNote { get; set; }
}

/// <summary>Keeps knowledge drafts and their review, each step audited.</summary>
public sealed class KnowledgeDraftStore(IDbContextFactory<CitizenHelperDbContext> contexts, BatchWriter writes, TimeProvider clock)
{
    public Task<KnowledgeDraft> AddAsync(KnowledgeDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return writes.WriteAsync<KnowledgeDraft>(db =>
        {
            draft.Status = DraftStatus.Pending;
            draft.DraftedAt = clock.GetUtcNow();
            db.KnowledgeDrafts.Add(draft);
            db.Audit.Add(new AuditEntry { Actor = draft.DraftedBy, Action = "draft-knowledge", Subject = draft.EscalationReference ?? "knowledge", At = draft.DraftedAt, Detail = draft.Path });
            return () => draft;
        }, cancellationToken);
    }

    public async Task<KnowledgeDraft?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.KnowledgeDrafts.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<KnowledgeDraft>> ListAsync(DraftStatus? status, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = db.KnowledgeDrafts.AsNoTracking();
        if (status is { } wanted)
        {
            query = query.Where(d => d.Status == wanted);
        }
        return await query.OrderByDescending(d => d.Id).Take(take).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records the review of a pending draft; null when there is no such draft or it was already reviewed.</summary>
    public Task<KnowledgeDraft?> ReviewAsync(long id, string reviewer, DraftStatus outcome, string? note, CancellationToken cancellationToken) =>
        writes.WriteAsync<KnowledgeDraft?>(db =>
        {
            var draft = db.KnowledgeDrafts.FirstOrDefault(d => d.Id == id && d.Status == DraftStatus.Pending);
            if (draft is not null)
            {
                draft.Status = outcome;
                draft.ReviewedBy = reviewer;
                draft.ReviewedAt = clock.GetUtcNow();
                draft.ReviewNote = note;
                db.Audit.Add(new AuditEntry
                {
                    Actor = reviewer,
                    Action = outcome == DraftStatus.Approved ? "approve-knowledge" : "reject-knowledge",
                    Subject = $"draft-{id}",
                    At = draft.ReviewedAt.Value,
                    Detail = draft.Path,
                });
            }
            return () => draft;
        }, cancellationToken);
}

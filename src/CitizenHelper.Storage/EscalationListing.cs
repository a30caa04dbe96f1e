using CitizenHelper.Knowledge.Text;
using Microsoft.EntityFrameworkCore;

namespace CitizenHelper.Storage;

/// <summary>The escalation queue as staff see it: listed with filters and search, and its state for a live view.</summary>
public sealed class EscalationListing(IDbContextFactory<CitizenHelperDbContext> contexts)
{
    /// <summary>
    /// What a live queue watches, cheaply: how many escalations <paramref name="scope"/> sees are open (not taken),
    /// how many have no center (for administrators to route), and a stamp that changes whenever one is added or changed.
    /// </summary>
    public async Task<QueueState> QueueStateAsync(StaffScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var seen = db.Escalations.AsNoTracking().SeenBy(scope);
        var open = await seen.CountAsync(e => e.Status == EscalationStatus.Open, cancellationToken).ConfigureAwait(false);
        var noCenter = scope.IsAdmin ? await seen.CountAsync(e => e.Center == null && e.Status != EscalationStatus.Resolved, cancellationToken).ConfigureAwait(false) : 0;
        var latest = await seen.OrderByDescending(e => e.Id).Select(e => (long?)e.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) ?? 0;
        var changed = await seen.OrderByDescending(e => e.UpdatedAt).Select(e => (DateTimeOffset?)e.UpdatedAt).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return new QueueState(open, noCenter, latest, changed?.ToUnixTimeMilliseconds() ?? 0);
    }

    /// <summary>How many of the newest escalations a text search of the queue looks through.</summary>
    public const int MaxSearched = 5000;

    /// <summary>The queue as <paramref name="scope"/> may see it, newest first.</summary>
    public async Task<IReadOnlyList<EscalationRecord>> ListAsync(EscalationQuery query, StaffScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var escalations = db.Escalations.AsNoTracking().SeenBy(scope).OnDays(e => e.CreatedAt, query.From, query.To);
        if (query.Status is { } status)
        {
            escalations = escalations.Where(e => e.Status == status);
        }
        if (query.Reason is { Length: > 0 } reason)
        {
            escalations = escalations.Where(e => e.Reason == reason);
        }
        if (query.Procedure is { Length: > 0 } procedure)
        {
            escalations = escalations.Where(e => e.ProcedureCode == procedure);
        }
        if (query.Language is { Length: > 0 } language)
        {
            escalations = escalations.Where(e => e.Language == language);
        }
        if (query.Center == EscalationQuery.NoCenter)
        {
            escalations = escalations.Where(e => e.Center == null);
        }
        else if (query.Center is { Length: > 0 } center)
        {
            escalations = escalations.Where(e => e.Center == center);
        }
        if (query.Search?.Trim() is { Length: > 0 } search)
        {
            // Clerks type without diacritics or capitals ("chim yen" finds "Chim yến"): the newest escalations that pass
            // the other filters are compared folded, in memory, since neither database folds Vietnamese the same way.
            var reference = search.ToUpperInvariant();
            var folded = VietnameseText.Fold(search);
            var candidates = await escalations
                .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
                .Take(MaxSearched)
                .Select(e => new { e.Id, e.Reference, e.Question, e.Transcript })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var ids = candidates
                .Where(e => e.Reference == reference || (folded.Length > 0 && (VietnameseText.Fold(e.Question).Contains(folded, StringComparison.Ordinal) || VietnameseText.Fold(e.Transcript).Contains(folded, StringComparison.Ordinal))))
                .Select(e => e.Id).Skip(query.Skip).Take(query.Take).ToList();
            return await db.Escalations.AsNoTracking().Where(e => ids.Contains(e.Id))
                .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }
        return await escalations
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Skip(query.Skip).Take(query.Take)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>A queue's state for a live view: open (untaken) escalations, those with no center, the newest id and the last change.</summary>
public sealed record QueueState(int Open, int NoCenter, long LatestId, long ChangedAt);

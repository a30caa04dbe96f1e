using CitizenHelper.Knowledge;
using Microsoft.EntityFrameworkCore;

namespace CitizenHelper.Storage;

/// <summary>
/// Centers were once stored by unit name ("Xã Cư Jút"); they are stored by unit code now, since names repeat across
/// provinces. Rewrites the old values — staff accounts' center claims, escalations, guides — to the code of the one
/// unit that has the name. The map lives in the knowledge files, not the database, so an EF migration (plain SQL) could
/// not do it: this runs at start on either database, after the knowledge base is loaded, and does nothing the second time.
/// A name that fits several units is left as it was (and logged by the caller) for an administrator to route.
/// </summary>
public static class CenterKeyMigration
{
    /// <returns>The old values rewritten, and those no single unit has.</returns>
    public static async Task<(int Rewritten, IReadOnlyList<string> Unresolved)> RunAsync(
        CitizenHelperDbContext db, KnowledgeBase knowledge, string centerClaimType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(knowledge);
        var directory = knowledge.UnitDirectory;
        if (directory.Units.All(u => u.Code is null))
        {
            return (0, []);
        }
        var values = (await db.Escalations.Where(e => e.Center != null).Select(e => e.Center!).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false))
            .Concat(await db.GuidedSessions.Where(g => g.Center != null).Select(g => g.Center!).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false))
            .Concat(await db.UserClaims.Where(c => c.ClaimType == centerClaimType && c.ClaimValue != null).Select(c => c.ClaimValue!).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false))
            .Where(v => directory.ByCode(v) is null)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var rewritten = 0;
        var unresolved = new List<string>();
        foreach (var value in values)
        {
            if (directory.Resolve(value)?.Code is not { } code)
            {
                unresolved.Add(value);
                continue;
            }
            rewritten++;
            await db.Escalations.Where(e => e.Center == value).ExecuteUpdateAsync(s => s.SetProperty(e => e.Center, code), cancellationToken).ConfigureAwait(false);
            await db.GuidedSessions.Where(g => g.Center == value).ExecuteUpdateAsync(s => s.SetProperty(g => g.Center, code), cancellationToken).ConfigureAwait(false);
            await db.UserClaims.Where(c => c.ClaimType == centerClaimType && c.ClaimValue == value)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClaimValue, code), cancellationToken).ConfigureAwait(false);
        }
        return (rewritten, unresolved);
    }
}

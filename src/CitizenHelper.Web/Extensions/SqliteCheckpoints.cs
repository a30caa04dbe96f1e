using CitizenHelper.Storage;
using Microsoft.EntityFrameworkCore;

namespace CitizenHelper.Web.Extensions;

/// <summary>
/// Copies SQLite's write-ahead log back into the database file every half second, apart from the one writer. Left to
/// SQLite, the commit that fills the log runs the checkpoint itself, with the only disk flush of write-ahead mode:
/// on a busy disk that held every conversation's next commit for seconds. Connections are opened with automatic
/// checkpoints off (<see cref="SqlitePragmas"/>); a passive checkpoint never waits for readers or the writer.
/// </summary>
public sealed class SqliteCheckpoints(IDbContextFactory<CitizenHelperDbContext> contexts, ILogger<SqliteCheckpoints> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(stoppingToken).ConfigureAwait(false);
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE);", stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
            {
                // The next tick tries again; the log only grows meanwhile.
                logger.LogWarning(e, "SQLite checkpoint failed");
            }
        }
    }
}

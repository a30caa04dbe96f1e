using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CitizenHelper.Storage;

/// <summary>
/// SQLite settings for a chat service, on every connection: synchronous=NORMAL (with write-ahead logging, no disk
/// flush per commit; a power cut can lose the last moments, never corrupt the file) and a busy timeout so concurrent
/// writers queue instead of failing, and no automatic checkpoint. Write-ahead logging itself (readers do not wait for the writer) is kept in the
/// database file, set once by <see cref="EnableWriteAheadLogAsync"/>.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    // Automatic checkpoints are off: the service checkpoints apart from its writer (SqliteCheckpoints in the web project).
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA wal_autocheckpoint=0;";

    // Pooled connections are opened again for every context; the settings stay with the underlying SQLite handle,
    // so they are sent once per handle rather than on every open (two statements prepared per database read).
    private readonly ConditionalWeakTable<object, object> _configured = [];

    public static Task EnableWriteAheadLogAsync(Microsoft.EntityFrameworkCore.DbContext db, CancellationToken cancellationToken) =>
        Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database, "PRAGMA journal_mode=WAL;", cancellationToken);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (FirstOpen(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (FirstOpen(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || _configured.TryAdd(handle, handle);
}

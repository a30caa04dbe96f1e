using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CitizenHelper.Storage;

/// <summary>
/// SQLite settings for a chat service, on every connection: synchronous=NORMAL (with write-ahead logging, no disk
/// flush per commit; a power cut can lose the last moments, never corrupt the file) and a busy timeout so concurrent
/// writers queue instead of failing. Write-ahead logging itself (readers do not wait for the writer) is kept in the
/// database file, set once by <see cref="EnableWriteAheadLogAsync"/>.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";

    public static Task EnableWriteAheadLogAsync(Microsoft.EntityFrameworkCore.DbContext db, CancellationToken cancellationToken) =>
        Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database, "PRAGMA journal_mode=WAL;", cancellationToken);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

using CitizenHelper.Storage;
using Npgsql;

namespace CitizenHelper.Web.Tests.Storage;

/// <summary>A fresh, empty database for one service factory (one test class), removed afterwards.</summary>
public abstract class TestDatabase : IDisposable
{
    /// <summary>A PostgreSQL connection string whose user may create databases; .ci/run starts a server and sets it.</summary>
    public const string PostgreSqlVariable = "CITIZENHELPER_TEST_POSTGRES";

    /// <summary>Runs the tests that do not choose a database on this provider (Sqlite unless set).</summary>
    public const string ProviderVariable = "CITIZENHELPER_TEST_PROVIDER";

    public abstract StorageProvider Provider { get; }

    public abstract string ConnectionString { get; }

    /// <summary>Why PostgreSQL tests cannot run here; null when they can.</summary>
    public static string? PostgreSqlUnavailable =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgreSqlVariable))
            ? $"No PostgreSQL server: set {PostgreSqlVariable} to a connection string of a user who may create databases (.ci/run starts one and sets it)."
            : null;

    /// <summary>SQLite, or what <see cref="ProviderVariable"/> names.</summary>
    public static StorageProvider DefaultProvider =>
        Enum.TryParse<StorageProvider>(Environment.GetEnvironmentVariable(ProviderVariable), ignoreCase: true, out var provider) ? provider : StorageProvider.Sqlite;

    public static TestDatabase Create(StorageProvider provider) =>
        provider == StorageProvider.PostgreSql ? new PostgreSqlTestDatabase() : new SqliteTestDatabase();

    /// <summary>The settings that point the service at this database.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Storage:Provider", Provider.ToString()),
        new("ConnectionStrings:CitizenHelper", ConnectionString),
    ];

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}

internal sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _folder = Directory.CreateTempSubdirectory("citizenhelper-web-").FullName;

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override string ConnectionString => $"Data Source={Path.Combine(_folder, "test.db")}";

    protected override void Dispose(bool disposing)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the OS.
        }
    }
}

/// <summary>A database of its own on the server <see cref="TestDatabase.PostgreSqlVariable"/> names, dropped afterwards.</summary>
internal sealed class PostgreSqlTestDatabase : TestDatabase
{
    private readonly string _server;
    private readonly string _name = $"citizenhelper_test_{Guid.NewGuid():N}";

    public PostgreSqlTestDatabase()
    {
        _server = Environment.GetEnvironmentVariable(PostgreSqlVariable) is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException(PostgreSqlUnavailable);
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ConnectionString;
        Execute($"CREATE DATABASE \"{_name}\"");
    }

    public override StorageProvider Provider => StorageProvider.PostgreSql;

    public override string ConnectionString { get; }

    protected override void Dispose(bool disposing)
    {
        using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }
        // A loaded CI machine once saw the drop refused (cause not found; not reproduced alone). The cluster is
        // temporary, so a database left behind harms no test, but a class cleanup failure fails the whole run.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Execute($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (attempt < 5)
            {
                Console.Error.WriteLine($"Dropping {_name} failed ({e.SqlState}: {e.MessageText}); trying again.");
                Thread.Sleep(TimeSpan.FromMilliseconds(200 * attempt));
            }
            catch (PostgresException e)
            {
                Console.Error.WriteLine($"Dropping {_name} failed ({e.SqlState}: {e.MessageText}); left on the test server.");
                return;
            }
        }
    }

    private void Execute(string sql)
    {
        // The server's maintenance database, not the one the string may name (it may be this one).
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

using Npgsql;

namespace CitizenHelper.Web.Instances;

/// <summary>
/// A PostgreSQL session-level advisory lock that instances starting together take around their start-up writes
/// (migrations, the first administrator, the first Data Protection key), so those run once, one instance after another.
/// </summary>
public static class InstanceLock
{
    // Any fixed number, the same for every instance; apart from the conversation locks (RowWriter), which hash ids.
    private const long StartupKey = 0x43484C6F636B01;

    /// <summary>Holds the start-up lock until the returned connection is disposed (a crashed instance's lock goes with its connection).</summary>
    public static async Task<IAsyncDisposable> StartupAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", StartupKey);
        command.CommandTimeout = 0; // waits as long as the other instance's start-up writes take (the token still ends it)
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}

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

    /// <summary>Holds the start-up lock until the returned object is disposed (a crashed instance's lock goes with its connection).</summary>
    public static async Task<IAsyncDisposable> StartupAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", StartupKey);
        command.CommandTimeout = 0; // waits as long as the other instance's start-up writes take (the token still ends it)
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new Held(connection, StartupKey);
    }

    /// <summary>
    /// Releases a session lock and closes its connection. Closing alone is not enough: a pooled connection keeps its
    /// session, and its locks, until the pool next hands it out.
    /// </summary>
    public static async Task ReleaseAsync(NpgsqlConnection connection, long key)
    {
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                unlock.Parameters.AddWithValue("key", key);
                await unlock.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException or TimeoutException)
        {
            // The connection broke: its session, and the lock, went with it.
        }
        await connection.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class Held(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => new(ReleaseAsync(connection, key));
    }
}

using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace CitizenHelper.Web.Instances;

public static class OneInstanceExtensions
{
    /// <summary>
    /// A background worker that must not run twice at once (the Zalo inbox and outbox, the token refresh, the
    /// retention pass): with several instances it runs on the one holding its PostgreSQL advisory lock; alone, as is.
    /// </summary>
    public static IServiceCollection AddHostedServiceOnOneInstance<T>(this IServiceCollection services) where T : class, IHostedService
    {
        // AddSingleton, not AddHostedService: the latter keeps one registration per implementation type, here IHostedService.
        return services.AddSingleton<IHostedService>(sp => sp.GetService<NpgsqlDataSource>() is { } database
            ? new OneInstance<T>(sp, database, sp.GetRequiredService<ILogger<OneInstance<T>>>())
            : ActivatorUtilities.CreateInstance<T>(sp));
    }
}

/// <summary>
/// Runs a worker while this instance holds the worker's session advisory lock. The others wait for the lock; when
/// the holder stops or dies, its connection and lock go, and one of them takes over with a fresh worker. The
/// connection is checked every few seconds: a worker whose lock may be gone (the database restarted) is stopped
/// before the lock is taken again, so two never run at once for longer than that.
/// </summary>
public sealed partial class OneInstance<T>(IServiceProvider services, NpgsqlDataSource database, ILogger<OneInstance<T>> logger)
    : BackgroundService where T : class, IHostedService
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(5);
    private static readonly string Name = typeof(T).Name;

    // Its own key per worker (a hash of its name), tagged apart from the start-up lock and the conversation locks.
    private static readonly long Key = 0x4F4E0000_00000000L | (BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(typeof(T).FullName!))) & 0x0000FFFF_FFFFFFFFL);

    private volatile bool _leading;

    /// <summary>Whether this instance holds the worker's lock now, and so runs (or is starting) the worker.</summary>
    public bool Leading => _leading;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            T? worker = null;
            NpgsqlConnection? connection = null;
            try
            {
                connection = await database.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
                await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
                {
                    take.Parameters.AddWithValue("key", Key);
                    take.CommandTimeout = 0; // waits as long as another instance leads
                    await take.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }
                // Leading before the worker starts: whoever sees the worker run sees this instance lead.
                _leading = true;
                worker = ActivatorUtilities.CreateInstance<T>(services);
                await worker.StartAsync(stoppingToken).ConfigureAwait(false);
                LogLeading(logger, Name);
                await using var check = new NpgsqlCommand("SELECT 1", connection);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await Task.Delay(CheckEvery, stoppingToken).ConfigureAwait(false);
                    await check.ExecuteScalarAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException or TimeoutException)
            {
                LogLost(logger, Name, e.Message);
            }
            finally
            {
                _leading = false;
                if (worker is not null)
                {
                    await worker.StopAsync(CancellationToken.None).ConfigureAwait(false);
                    (worker as IDisposable)?.Dispose();
                }
                if (connection is not null)
                {
                    await InstanceLock.ReleaseAsync(connection, Key).ConfigureAwait(false);
                }
            }
            if (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Worker} runs on this instance (it holds its lock)")]
    private static partial void LogLeading(ILogger logger, string worker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Worker} stopped on this instance: lost the database ({Reason}); taking its lock again")]
    private static partial void LogLost(ILogger logger, string worker, string reason);
}

using CitizenHelper.Storage;
using CitizenHelper.Web.Health;
using CitizenHelper.Web.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CitizenHelper.Web.Tests.Storage;

/// <summary>Background workers that must not run twice at once, with several instances on one PostgreSQL database.</summary>
[RequiresPostgreSql]
public sealed class OneInstanceSpecs(ServiceOnPostgreSql service) : IClassFixture<ServiceOnPostgreSql>
{
    [DatabaseFact]
    public async Task AWorkerRunsOnOneInstanceAtATimeAndAnotherTakesOverWhenItsInstanceStops()
    {
        using var db = service.Get<IDbContextFactory<CitizenHelperDbContext>>().CreateDbContext();
        await using var database = NpgsqlDataSource.Create(db.Database.GetConnectionString()!);
        var probe = new Probe();
        var services = new ServiceCollection().AddSingleton(probe).BuildServiceProvider();
        using var first = new OneInstance<ProbeWorker>(services, database, NullLogger<OneInstance<ProbeWorker>>.Instance);
        using var second = new OneInstance<ProbeWorker>(services, database, NullLogger<OneInstance<ProbeWorker>>.Instance);

        await first.StartAsync(CancellationToken.None);
        await probe.Started.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await second.StartAsync(CancellationToken.None);
        // The second waits on the lock in PostgreSQL: seen there, it has asked and not got it.
        await WaitForWaitingLockAsync(database);
        Assert.Equal(1, probe.Running);
        Assert.True(first.Leading);
        Assert.False(second.Leading);

        await first.StopAsync(CancellationToken.None);
        await probe.Started.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, probe.Running);
        Assert.True(second.Leading);
        await second.StopAsync(CancellationToken.None);
        Assert.Equal(0, probe.Running);
    }

    [DatabaseFact]
    public void TheWorkersThatMustNotRunTwiceRunOnOneInstanceWhenInstancesShareTheDatabase()
    {
        using var database = TestDatabase.Create(StorageProvider.PostgreSql);
        using var instance = new CitizenHelperFactory(database, new() { ["Instances:Shared"] = "true" }, ownsDatabase: false);
        var workers = instance.Services.GetServices<IHostedService>().Select(w => w.GetType()).ToList();

        // A pending staff reply delivered by two instances starting together would reach the citizen twice.
        Assert.Contains(typeof(OneInstance<CitizenHelper.Staff.PendingReplyDelivery>), workers);
        Assert.Contains(typeof(OneInstance<CitizenHelper.Staff.CallbackCleanup>), workers);
        Assert.Contains(typeof(OneInstance<CitizenHelper.Staff.RetentionCleanup>), workers);
        Assert.DoesNotContain(typeof(CitizenHelper.Staff.PendingReplyDelivery), workers);
        Assert.DoesNotContain(typeof(CitizenHelper.Staff.CallbackCleanup), workers);
    }

    private static async Task WaitForWaitingLockAsync(NpgsqlDataSource database)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            await using var command = database.CreateCommand(
                "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE d.datname = current_database() AND l.locktype = 'advisory' AND NOT l.granted");
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The second instance never waited for the lock.");
    }

    public sealed class Probe
    {
        private int _running;

        public System.Threading.Channels.Channel<int> Started { get; } = System.Threading.Channels.Channel.CreateUnbounded<int>();

        public int Running => Volatile.Read(ref _running);

        public void Enter() => Started.Writer.TryWrite(Interlocked.Increment(ref _running));

        public void Leave() => Interlocked.Decrement(ref _running);
    }

    public sealed class ProbeWorker(Probe probe) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            probe.Enter();
            try
            {
                await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            finally
            {
                probe.Leave();
            }
        }
    }
}

/// <summary>Which failures mean "the database is away" (503, try again) rather than a fault of the request (500).</summary>
public sealed class DatabaseUnavailableTests
{
    [Fact]
    public void ABrokenOrRefusedConnectionOrAServerShuttingDownIsUnavailability()
    {
        Assert.True(DatabaseUnavailableHandler.IsDatabaseUnavailable(new NpgsqlException("Failed to connect to 127.0.0.1:5432", new System.Net.Sockets.SocketException(111))));
        Assert.True(DatabaseUnavailableHandler.IsDatabaseUnavailable(new DbUpdateException("save", new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"))));
        Assert.True(DatabaseUnavailableHandler.IsDatabaseUnavailable(new InvalidOperationException("wrapped", new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03"))));
        Assert.True(DatabaseUnavailableHandler.IsDatabaseUnavailable(new PostgresException("sorry, too many clients already", "FATAL", "FATAL", "53300")));
    }

    [Fact]
    public void AnErrorOfTheStatementItselfOrAnotherFailureIsNot()
    {
        Assert.False(DatabaseUnavailableHandler.IsDatabaseUnavailable(new DbUpdateException("save", new PostgresException("duplicate key", "ERROR", "ERROR", "23505"))));
        Assert.False(DatabaseUnavailableHandler.IsDatabaseUnavailable(new InvalidOperationException("a bug")));
        Assert.False(DatabaseUnavailableHandler.IsDatabaseUnavailable(null));
    }
}

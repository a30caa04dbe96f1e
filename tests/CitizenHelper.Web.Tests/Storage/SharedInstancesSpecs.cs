using CitizenHelper.Bot.Schema;
using CitizenHelper.Storage;
using CitizenHelper.Web.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CitizenHelper.Web.Tests.Storage;

/// <summary>
/// Several instances on one PostgreSQL database (Instances:Shared): each spec plays two instances with two stores,
/// each with its own writer, on the service's database.
/// </summary>
[RequiresPostgreSql]
public sealed class SharedInstancesSpecs(ServiceOnPostgreSql service) : IClassFixture<ServiceOnPostgreSql>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly SettableClock _clock = new(DateTimeOffset.UtcNow);

    private IDbContextFactory<CitizenHelperDbContext> Contexts => service.Get<IDbContextFactory<CitizenHelperDbContext>>();

    private string ConnectionString
    {
        get
        {
            using var db = Contexts.CreateDbContext();
            return db.Database.GetConnectionString()!;
        }
    }

    private ConversationStore Instance(BatchWriter writer) =>
        new(Contexts, writer, _clock, Microsoft.Extensions.Options.Options.Create(new SharedInstancesOptions { Shared = true, TurnLeaseSeconds = 30 }));

    [DatabaseFact]
    public async Task AnActivityWaitsForAnotherInstanceStillCommittingToTheSameConversationSoWatermarksFollowCommitOrderAndItKnowsTheActivityBefore()
    {
        using var writer = new BatchWriter(Contexts);
        var store = Instance(writer);
        var conversation = await NewConversationAsync(store);

        // The other instance is in the middle of its commit for this conversation: it holds the conversation's lock.
        await using var other = new NpgsqlConnection(ConnectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await Execute(other, $"SELECT pg_advisory_xact_lock({RowWriter.ConversationLockKey(conversation)})");

        var ours = store.AppendAsync(Message(conversation, "sau"), awaitingTurn: false, visibleToClient: true, None);
        await WaitUntilAsync(async () => await Scalar<long>(
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE d.datname = current_database() AND l.locktype = 'advisory' AND NOT l.granted") > 0, ours);
        // Only now does the other instance store its visible activity (taking its sequence), and commit.
        var theirs = await Scalar<long>($$"""
            INSERT INTO "Activities" ("ConversationId", "ActivityId", "Type", "FromRole", "Timestamp", "Json", "AwaitingTurn", "VisibleToClient")
            VALUES ('{{conversation}}', '{{Guid.NewGuid():N}}', 'message', 'bot', now(), '{}', false, true) RETURNING "Sequence"
            """, other);
        Assert.False(ours.IsCompleted);
        await transaction.CommitAsync();

        var stored = await ours;
        Assert.True(stored.Sequence > theirs, "an activity committed later got a smaller watermark");
        // Read under the lock, after the other commit: a stream that sent theirs may send ours without reading it back.
        Assert.Equal(theirs, stored.Previous);
        var next = await store.AppendAsync(Message(conversation, "rồi"), awaitingTurn: false, visibleToClient: true, None);
        Assert.Equal(stored.Sequence, next.Previous);
    }

    [DatabaseFact]
    public async Task ActivitiesStoredTogetherEachKnowTheVisibleActivityBeforeThemInTheirConversation()
    {
        using var writer = new BatchWriter(Contexts);
        var store = Instance(writer);
        var (first, second) = (await NewConversationAsync(store), await NewConversationAsync(store));

        // Queued at once, so the writer commits them in one batch; the hidden one is no one's previous.
        var stored = await Task.WhenAll(
            store.AppendAsync(Message(first, "một"), awaitingTurn: false, visibleToClient: true, None),
            store.AppendAsync(Message(second, "hai"), awaitingTurn: false, visibleToClient: true, None),
            store.AppendAsync(Message(first, "ẩn"), awaitingTurn: true, visibleToClient: false, None),
            store.AppendAsync(Message(first, "ba"), awaitingTurn: false, visibleToClient: true, None));

        Assert.Equal([0, 0, stored[0].Sequence], [stored[0].Previous, stored[1].Previous, stored[3].Previous]);
        Assert.True(stored[3].Sequence > stored[2].Sequence && stored[2].Sequence > stored[0].Sequence);
    }

    [DatabaseFact]
    public async Task ATurnWhoseLeaseRanOutIsTakenByOneInstanceOnlyAndARenewedOneByNone()
    {
        using var writerA = new BatchWriter(Contexts);
        using var writerB = new BatchWriter(Contexts);
        var (a, b) = (Instance(writerA), Instance(writerB));
        var conversation = await NewConversationAsync(a);
        var renewed = await a.AppendAsync(Message(conversation, "đang chạy"), awaitingTurn: true, visibleToClient: true, None);
        var orphaned = await a.AppendAsync(Message(conversation, "mồ côi"), awaitingTurn: true, visibleToClient: true, None);

        Assert.DoesNotContain(orphaned.Sequence, await b.ClaimStaleTurnsAsync(100, None));
        _clock.Now += TimeSpan.FromSeconds(20);
        await a.RenewTurnLeasesAsync([renewed.Sequence], None);
        _clock.Now += TimeSpan.FromSeconds(20); // the first lease ran out; the renewed one has 10 s left

        var claims = await Task.WhenAll(a.ClaimStaleTurnsAsync(100, None), b.ClaimStaleTurnsAsync(100, None));

        Assert.Equal(1, claims.Count(c => c.Contains(orphaned.Sequence)));
        Assert.DoesNotContain(claims, c => c.Contains(renewed.Sequence));
    }

    [DatabaseFact]
    public async Task AStoredActivityReachesTheOtherInstancesStreamsWithTheActivityBeforeItAndItsJsonWhenItFits()
    {
        await using var database = NpgsqlDataSource.Create(ConnectionString);
        var (signalsA, signalsB) = (new Conversations.ConversationSignals(), new Conversations.ConversationSignals());
        using var relayA = new PostgresRelay(database, signalsA, NullLogger<PostgresRelay>.Instance);
        using var relayB = new PostgresRelay(database, signalsB, NullLogger<PostgresRelay>.Instance);
        await relayA.StartAsync(None);
        await relayB.StartAsync(None);
        var conversation = $"relay-{Guid.NewGuid():N}";
        using var streamOnA = signalsA.Subscribe(conversation);
        using var streamOnB = signalsB.Subscribe(conversation);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(relayA.Listening && relayB.Listening))
        {
            Assert.True(DateTime.UtcNow < deadline, "the relays never listened");
            await Task.Yield();
        }
        while (streamOnA.Reader.TryRead(out _) | streamOnB.Reader.TryRead(out _))
        {
            // Wake-ups of a relay that started listening.
        }

        var json = """{"type":"message","text":"Đăng ký khai sinh"}""";
        relayA.Stored(conversation, new StoredActivity(12, 7, json));
        relayA.Stored(conversation, new StoredActivity(13, 12, $$"""{"text":"{{new string('đ', 4000)}}"}"""));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal(new StoredActivity(12, 7, json), (await streamOnB.Reader.ReadAsync(timeout.Token)).Stored);
        // 8,000 UTF-8 bytes: too large for a notification, so the stream reads it back.
        Assert.Equal(new StoredActivity(13, StoredActivity.Unknown, ""), (await streamOnB.Reader.ReadAsync(timeout.Token)).Stored);
        // A hears B's after its own (one channel, in order), so its own would have come first.
        relayB.Stored(conversation, new StoredActivity(14, 13, json));
        Assert.Equal(14, (await streamOnA.Reader.ReadAsync(timeout.Token)).Stored?.Sequence);
        await relayA.StopAsync(None);
        await relayB.StopAsync(None);
    }

    [DatabaseFact]
    public async Task RateLimitsCountTheRequestsOfAllInstancesInOneWindow()
    {
        await using var database = NpgsqlDataSource.Create(ConnectionString);
        var instanceA = new DatabaseRateLimits(database, _clock, NullLogger<DatabaseRateLimits>.Instance);
        var instanceB = new DatabaseRateLimits(database, _clock, NullLogger<DatabaseRateLimits>.Instance);
        var key = $"conversation {Guid.NewGuid():N}";
        (string, int)[] twoPerMinute = [(key, 2)];

        Assert.True(await instanceA.TryTakeAsync(twoPerMinute, None));
        Assert.True(await instanceB.TryTakeAsync(twoPerMinute, None));
        Assert.False(await instanceA.TryTakeAsync(twoPerMinute, None));
        Assert.True(await instanceB.TryTakeAsync([($"address {Guid.NewGuid():N}", 2)], None)); // another key has its own count

        _clock.Now += TimeSpan.FromMinutes(1);
        Assert.True(await instanceB.TryTakeAsync(twoPerMinute, None));
    }

    [DatabaseFact]
    public void AKeyStoredByOneInstanceIsReadByAnother()
    {
        var element = new System.Xml.Linq.XElement("key", new System.Xml.Linq.XAttribute("id", Guid.NewGuid()));
        new DatabaseKeyRepository(Contexts).StoreElement(element, "spec");

        Assert.Contains(new DatabaseKeyRepository(Contexts).GetAllElements(), e => e.ToString() == element.ToString());
    }

    [Fact]
    public void SharedInstancesNeedPostgreSql()
    {
        var options = new SharedInstancesOptions { Shared = true };

        Assert.Contains(options.Validate(StorageProvider.Sqlite), e => e.Contains("PostgreSql", StringComparison.Ordinal));
        Assert.Empty(options.Validate(StorageProvider.PostgreSql));
        Assert.Empty(new SharedInstancesOptions().Validate(StorageProvider.Sqlite));
    }

    private static async Task<string> NewConversationAsync(ConversationStore store)
    {
        var id = $"shared-{Guid.NewGuid():N}";
        Assert.True(await store.CreateAsync(id, "test", "citizen", "vi", None));
        return id;
    }

    private static Activity Message(string conversationId, string text) => new()
    {
        Type = ActivityTypes.Message,
        Id = Guid.NewGuid().ToString("N"),
        Timestamp = DateTimeOffset.UtcNow,
        Conversation = new ConversationAccount { Id = conversationId },
        From = new ChannelAccount { Id = "citizen", Role = RoleTypes.User },
        Text = text,
    };

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> Scalar<T>(string sql, NpgsqlConnection? connection = null)
    {
        await using var own = connection is null ? new NpgsqlConnection(ConnectionString) : null;
        if (own is not null)
        {
            await own.OpenAsync();
        }
        await using var command = new NpgsqlCommand(sql, connection ?? own);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Polls the database's own view until the condition holds; fails if <paramref name="mustNotFinish"/> finishes first.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Task mustNotFinish)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.False(mustNotFinish.IsCompleted, "the write did not wait for the other instance's lock");
            Assert.True(DateTime.UtcNow < deadline, "the write never waited for the lock");
            await Task.Yield();
        }
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CitizenHelper.Answering;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Bot.Turns;
using CitizenHelper.Knowledge.Text;
using CitizenHelper.Storage;
using CitizenHelper.Storage.Zalo;
using CitizenHelper.Web.DirectLine;
using CitizenHelper.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests.Storage;

/// <summary>The service started on a fresh database of one provider, shared by one spec class.</summary>
public abstract class ServiceOnDatabase(StorageProvider provider) : IAsyncLifetime, IDisposable
{
    private CitizenHelperFactory? _factory;

    public CitizenHelperFactory Factory => _factory ?? throw new InvalidOperationException(TestDatabase.PostgreSqlUnavailable);

    public T Get<T>()
        where T : notnull => Factory.Services.GetRequiredService<T>();

    public Task InitializeAsync()
    {
        // Without the server, the class's tests are skipped (DatabaseFact): nothing to start.
        if (provider != StorageProvider.PostgreSql || TestDatabase.PostgreSqlUnavailable is null)
        {
            _factory = new CitizenHelperFactory(TestDatabase.Create(provider), []);
            _ = _factory.Services; // started: migrations applied, seeds loaded, administrator created
        }
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _factory?.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class ServiceOnSqlite() : ServiceOnDatabase(StorageProvider.Sqlite);

public sealed class ServiceOnPostgreSql() : ServiceOnDatabase(StorageProvider.PostgreSql);

public sealed class StoreSpecsOnSqlite(ServiceOnSqlite service) : StoreSpecs(service), IClassFixture<ServiceOnSqlite>;

[RequiresPostgreSql]
public sealed class StoreSpecsOnPostgreSql(ServiceOnPostgreSql service) : StoreSpecs(service), IClassFixture<ServiceOnPostgreSql>;

/// <summary>
/// What every store promises, whichever database keeps the data: each spec runs on SQLite and on PostgreSQL
/// (one subclass each), against the real service's stores on a fresh database.
/// </summary>
public abstract class StoreSpecs(ServiceOnDatabase service)
{
    private static readonly CancellationToken None = CancellationToken.None;

    // A channel may stamp activities with its own offset; the database keeps the instant.
    private static readonly DateTimeOffset HanoiMorning = new(2026, 11, 23, 9, 30, 0, TimeSpan.FromHours(7));

    [DatabaseFact]
    public async Task WatermarksGrowInCommitOrderUnderConcurrentWrites()
    {
        var store = service.Get<ConversationStore>();
        var conversations = new[] { await NewConversationAsync(), await NewConversationAsync(), await NewConversationAsync() };

        var appended = await Task.WhenAll(Enumerable.Range(0, 150).Select(i =>
            store.AppendAsync(Message(conversations[i % 3], $"tin nhắn {i}"), awaitingTurn: false, visibleToClient: true, None)));

        foreach (var conversation in conversations)
        {
            var stored = await store.ReadAfterAsync(conversation, 0, 1000, None);
            Assert.Equal(50, stored.Count);
            // Each write learnt which activity of its conversation was committed just before it: that must be the
            // one before it in watermark order, or a client reading from a watermark could miss an activity.
            var previous = appended.ToDictionary(a => a.Sequence, a => a.Previous);
            Assert.Equal([0, .. stored.SkipLast(1).Select(a => a.Sequence)], stored.Select(a => previous[a.Sequence]));
            var later = await store.ReadAfterAsync(conversation, stored[29].Sequence, 1000, None);
            Assert.Equal(stored.Skip(30).Select(a => a.Sequence), later.Select(a => a.Sequence));
            Assert.All(stored, a => Assert.Equal(HanoiMorning, a.Timestamp));
        }
    }

    [DatabaseFact]
    public async Task AWriteThatBreaksAUniqueIndexFailsAloneAndTheRestOfItsBatchIsStored()
    {
        var store = service.Get<ConversationStore>();
        var conversation = await NewConversationAsync();
        var first = Message(conversation, "đầu tiên");
        await store.AppendAsync(first, awaitingTurn: false, visibleToClient: true, None);

        var writes = Enumerable.Range(0, 20)
            .Select(i => store.AppendAsync(i == 10 ? Message(conversation, "trùng", first.Id) : Message(conversation, $"tiếp {i}"), false, true, None))
            .ToList();
        var duplicate = writes[10];
        await Assert.ThrowsAsync<DbUpdateException>(() => duplicate);
        await Task.WhenAll(writes.Where(w => w != duplicate));

        var stored = await store.ReadAfterAsync(conversation, 0, 1000, None);
        Assert.Equal(20, stored.Count);
        Assert.DoesNotContain(stored, a => a.Json.Contains("trùng", StringComparison.Ordinal));
        Assert.False(await store.CreateAsync(conversation, "test", null, null, None));
    }

    [DatabaseFact]
    public async Task ANewConversationAndItsFirstRowsQueuedTogetherAreAllStored()
    {
        var writes = service.Get<BatchWriter>();
        var store = service.Get<ConversationStore>();
        var states = service.Get<IConversationStateStore>();
        var id = $"spec-{Guid.NewGuid():N}";
        // Hold the writer so that what follows is committed as one batch: a new conversation (tracked entity), then
        // its first activity and its state (plain rows) that refer to it.
        using var held = new ManualResetEventSlim();
        var holding = writes.WriteAsync<bool>(_ =>
        {
            held.Wait(TimeSpan.FromSeconds(10));
            return () => true;
        }, None);
        var created = writes.WriteAsync<bool>(db =>
        {
            db.Conversations.Add(new ConversationRecord { Id = id, ChannelId = "test", CreatedAt = HanoiMorning, LastActivityAt = HanoiMorning });
            return () => true;
        }, None);
        var appended = store.AppendAsync(Message(id, "đầu tiên"), awaitingTurn: true, visibleToClient: true, None);
        var saved = states.SaveAsync(id, ConversationState.New with { Language = "en" }, None);
        held.Set();
        await Task.WhenAll(holding, created, appended, saved);

        Assert.Equal("đầu tiên", ActivityJson.Deserialize(Assert.Single(await store.ReadAfterAsync(id, 0, 10, None)).Json)!.Text);
        var fresh = new ConversationStateStore(service.Get<IDbContextFactory<CitizenHelperDbContext>>(), writes);
        Assert.Equal("en", (await fresh.LoadAsync(id, None)).Language);
        Assert.Contains(await store.AwaitingTurnAsync(None), a => a.Sequence == appended.Result.Sequence);
    }

    [DatabaseFact]
    public async Task TurnsAwaitingTheBotAreFoundAgainUntilDone()
    {
        var store = service.Get<ConversationStore>();
        var conversation = await NewConversationAsync();
        var asked = await store.AppendAsync(Message(conversation, "cần giấy tờ gì?"), awaitingTurn: true, visibleToClient: true, None);
        Assert.Contains(await store.AwaitingTurnAsync(None), a => a.Sequence == asked.Sequence);

        await store.AppendAsync(Message(conversation, "trả lời"), awaitingTurn: false, visibleToClient: true, None, completesTurn: asked.Sequence);

        Assert.DoesNotContain(await store.AwaitingTurnAsync(None), a => a.Sequence == asked.Sequence);
    }

    [DatabaseFact]
    public async Task ConversationStateOutlivesTheProcessMemory()
    {
        var conversation = await NewConversationAsync();
        var state = new ConversationState { Language = "vi", DocumentKey = "1.001193", PendingChoices = ["1.000894", "1.001193"] };
        await service.Get<IConversationStateStore>().SaveAsync(conversation, state, None);

        // A new store has nothing in memory: it reads the row.
        var fresh = new ConversationStateStore(service.Get<IDbContextFactory<CitizenHelperDbContext>>(), service.Get<BatchWriter>());
        var loaded = await fresh.LoadAsync(conversation, None);

        Assert.Equal("1.001193", loaded.DocumentKey);
        Assert.Equal(state.PendingChoices, loaded.PendingChoices);
    }

    [DatabaseFact]
    public async Task EscalationsKeepARedactedTranscriptAndAreSearchedTheSameWayOnEveryDatabase()
    {
        var store = service.Get<ConversationStore>();
        var conversation = await NewConversationAsync();
        // NUL is legal in a chat message; PostgreSQL refuses it in text, so it must not reach a column.
        await store.AppendAsync(Message(conversation, "CCCD của tôi 001203004567, gọi 0912 345 678\0"), false, true, None);
        var question = "Xin phép nuôi Chim yến 100% trong nhà";
        var reference = await service.Get<IEscalationSink>().RecordAsync(new EscalationRequest(conversation, EscalationReason.NoMatch, question, "vi", null), None);

        var escalations = service.Get<EscalationStore>();
        var record = await escalations.FindAsync(reference, StaffScope.Admin, None);
        Assert.NotNull(record);
        Assert.Contains(PersonalData.IdPlaceholder, record.Transcript, StringComparison.Ordinal);
        Assert.Contains(PersonalData.PhonePlaceholder, record.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("001203004567", record.Transcript, StringComparison.Ordinal);

        async Task<bool> FoundAsync(string search) =>
            (await service.Get<EscalationListing>().ListAsync(new EscalationQuery { Search = search }, StaffScope.Admin, None)).Any(e => e.Reference == reference);
        // Search ignores case and diacritics, as a clerk types it, and % and _ are plain characters.
        Assert.True(await FoundAsync("Chim yến"));
        Assert.True(await FoundAsync("100%"));
        Assert.True(await FoundAsync(reference.ToLowerInvariant()));
        Assert.True(await FoundAsync(PersonalData.IdPlaceholder));
        Assert.True(await FoundAsync("chim yến"));
        Assert.True(await FoundAsync("Chim yen"));
        Assert.False(await FoundAsync("chim sẻ"));
        Assert.False(await FoundAsync("1_0%"));
        Assert.False(await FoundAsync("001203004567"));
    }

    [DatabaseFact]
    public async Task ACitizensMessageAndAStaffReplyAreStoredWithIdentifiersRedacted()
    {
        var store = service.Get<ConversationStore>();
        var escalations = service.Get<EscalationStore>();
        var conversation = await NewConversationAsync();
        var typed = Message(conversation, "CCCD 079095001234, gọi 0912 345 678 hoặc an.nguyen@example.vn");

        await store.AppendAsync(typed, false, true, None);
        var reference = await service.Get<IEscalationSink>().RecordAsync(new EscalationRequest(conversation, EscalationReason.AskedForPerson, "?", "vi", null), None);
        var version = (await escalations.FindAsync(reference, StaffScope.Admin, None))!.UpdatedAt;
        var (_, reply) = (await escalations.AnswerAsync(reference, version, "staff@center.test", "Đã ghi nhận CCCD 079095001234 và số 0912345678 của bạn.", () => ConversationDelivery.NewActivityId(conversation), None))!.Value;
        await escalations.MarkDeliveredAsync(reply.Id, None); // not left pending for another spec's delivery to count

        var stored = Assert.Single(await store.ReadAfterAsync(conversation, 0, 10, None));
        Assert.Equal("CCCD [số định danh], gọi [số điện thoại] hoặc [email]", ActivityJson.Deserialize(stored.Json)!.Text);
        Assert.DoesNotContain("0912", stored.Json, StringComparison.Ordinal);
        Assert.Equal("Đã ghi nhận CCCD [số định danh] và số [số điện thoại] của bạn.", Assert.Single(await escalations.RepliesAsync(reference, None)).Text);
        await using var db = await service.Get<IDbContextFactory<CitizenHelperDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Activities.AnyAsync(a => a.Json.Contains("079095001234") || a.Json.Contains("example.vn")));
        Assert.False(await db.StaffReplies.AnyAsync(r => r.Text.Contains("079095001234")));
    }

    [DatabaseFact]
    public async Task ARetentionPassDeletesAConversationIdleLongerThanTheRetentionWithEveryPartOfIt()
    {
        var store = service.Get<ConversationStore>();
        var escalations = service.Get<EscalationStore>();
        var contexts = service.Get<IDbContextFactory<CitizenHelperDbContext>>();
        var days = service.Get<Microsoft.Extensions.Options.IOptions<RetentionOptions>>().Value.Days;
        var longAgo = DateTimeOffset.UtcNow.AddDays(-days - 2);
        var (idle, stillUsed, recent) = (await NewConversationAsync(), await NewConversationAsync(), await NewConversationAsync());
        // The idle conversation: a message, a file, an escalation answered by staff, all from before the retention period.
        var old = Message(idle, "câu hỏi cũ");
        old.Timestamp = longAgo;
        await store.AppendAsync(old, false, true, None);
        await store.SaveAttachmentAsync(new AttachmentRecord { Id = Guid.NewGuid().ToString("N")[..24], ConversationId = idle, ContentType = "image/png", Name = "a.png", Content = [1], Size = 1, CreatedAt = longAgo }, None);
        var reference = await service.Get<IEscalationSink>().RecordAsync(new EscalationRequest(idle, EscalationReason.AskedForPerson, "?", "vi", null), None);
        var version = (await escalations.FindAsync(reference, StaffScope.Admin, None))!.UpdatedAt;
        var (_, reply) = (await escalations.AnswerAsync(reference, version, "staff@center.test", "Trả lời.", () => ConversationDelivery.NewActivityId(idle), None))!.Value;
        await escalations.MarkDeliveredAsync(reply.Id, None); // not left pending for another spec's delivery to count
        // Started as long ago, but written to yesterday: kept.
        var older = Message(stillUsed, "cũ");
        older.Timestamp = longAgo;
        await store.AppendAsync(older, false, true, None);
        var lately = Message(stillUsed, "mới");
        lately.Timestamp = DateTimeOffset.UtcNow.AddDays(-1);
        await store.AppendAsync(lately, false, true, None);
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.Conversations.Where(c => c.Id == idle || c.Id == stillUsed).ExecuteUpdateAsync(c => c.SetProperty(x => x.CreatedAt, longAgo));
            await db.Escalations.Where(e => e.Reference == reference).ExecuteUpdateAsync(e => e.SetProperty(x => x.CreatedAt, longAgo).SetProperty(x => x.UpdatedAt, longAgo));
        }
        await using (var db = await contexts.CreateDbContextAsync())
        {
            // As if both came through Zalo: the citizen's Zalo id and a reply still queued for it.
            foreach (var (conversation, user) in new[] { (idle, "zalo-user-idle"), (stillUsed, "zalo-user-active") })
            {
                db.ZaloContacts.Add(new ZaloContact { UserId = user, ConversationId = conversation, LastInteractionAt = longAgo });
                db.ZaloOutbox.Add(new ZaloOutboxMessage
                {
                    ActivityId = ConversationDelivery.NewActivityId(conversation), UserId = user, ConversationId = conversation,
                    ActivityJson = "{}", CreatedAt = longAgo, NextAttemptAt = longAgo,
                });
            }
            await db.SaveChangesAsync();
        }
        Assert.True(await store.ExistsAsync(idle, None));

        var pass = await service.Get<DataRetention>().RunOnceAsync(None);

        Assert.True(pass is { Conversations: >= 1, Activities: >= 1, Attachments: >= 1, Escalations: >= 1, StaffReplies: >= 1 }, pass.ToString());
        Assert.False(await store.ExistsAsync(idle, None));
        Assert.Null(await escalations.FindAsync(reference, StaffScope.Admin, None));
        await using (var db = await contexts.CreateDbContextAsync())
        {
            Assert.False(await db.Activities.AnyAsync(a => a.ConversationId == idle));
            Assert.False(await db.Attachments.AnyAsync(a => a.ConversationId == idle));
            Assert.False(await db.StaffReplies.AnyAsync(r => r.ConversationId == idle));
            Assert.False(await db.ZaloContacts.AnyAsync(c => c.ConversationId == idle));
            Assert.False(await db.ZaloOutbox.AnyAsync(m => m.ConversationId == idle));
            Assert.Equal(2, await db.Activities.CountAsync(a => a.ConversationId == stillUsed));
            Assert.True(await db.ZaloContacts.AnyAsync(c => c.ConversationId == stillUsed));
            Assert.True(await db.ZaloOutbox.AnyAsync(m => m.ConversationId == stillUsed));
        }
        Assert.True(await store.ExistsAsync(stillUsed, None));
        Assert.True(await store.ExistsAsync(recent, None));
        // The audit log stays, for accountability.
        Assert.Contains(await escalations.AuditAsync(reference, None), a => a.Action == "reply");
        Assert.Equal(new RetentionPass(0, 0, 0, 0, 0), await service.Get<DataRetention>().RunOnceAsync(None));
    }

    [DatabaseFact]
    public async Task ZaloInboxTakesEachEventOnceHandsThemOutInArrivalOrderAndForgetsOnlyHandledOnes()
    {
        var zalo = service.Get<ZaloStore>();
        var run = Guid.NewGuid().ToString("N");
        var (first, second) = ($"m:{run}-1", $"m:{run}-2");
        var now = DateTimeOffset.UtcNow;
        var before = await zalo.UnhandledCountAsync(None);

        Assert.True(await zalo.TryAcceptAsync(first, "{\"n\":1}", now, None));
        Assert.True(await zalo.TryAcceptAsync(second, "{\"n\":2}", now, None));
        Assert.False(await zalo.TryAcceptAsync(first, "{\"n\":1}", now, None)); // a retried delivery

        var mine = (await zalo.UnhandledAsync(1000, None)).Where(e => e.EventId.Contains(run, StringComparison.Ordinal)).ToList();
        Assert.Equal([first, second], mine.Select(e => e.EventId));
        Assert.Equal(before + 2, await zalo.UnhandledCountAsync(None));

        await zalo.MarkHandledAsync(mine[0], now, None);
        Assert.Equal(before + 1, await zalo.UnhandledCountAsync(None));
        Assert.False(await zalo.TryAcceptAsync(first, "{\"n\":1}", now, None)); // still known once handled
        await using (var db = await service.Get<IDbContextFactory<CitizenHelperDbContext>>().CreateDbContextAsync())
        {
            Assert.Null((await db.ZaloInbox.SingleAsync(e => e.EventId == first)).Json);
        }

        await zalo.ForgetHandledBeforeAsync(now.AddMinutes(1), None);

        var left = (await zalo.UnhandledAsync(1000, None)).Where(e => e.EventId.Contains(run, StringComparison.Ordinal)).ToList();
        Assert.Equal([second], left.Select(e => e.EventId)); // not handled yet: kept whatever its age
        Assert.Equal("{\"n\":2}", left[0].Json);
        Assert.True(await zalo.TryAcceptAsync(first, "{\"n\":1}", now, None)); // forgotten
    }

    [DatabaseFact]
    public async Task UnqueuedRepliesAreTheServicesRecentMessagesInTheChannelWithoutAnOutboxRow()
    {
        var store = service.Get<ConversationStore>();
        var zalo = service.Get<ZaloStore>();
        var channel = "z" + Guid.NewGuid().ToString("N")[..8];
        var conversation = $"spec-{Guid.NewGuid():N}";
        Assert.True(await store.CreateAsync(conversation, channel, "citizen", "vi", None));
        var now = DateTimeOffset.UtcNow;
        Activity FromBot(string text, DateTimeOffset at)
        {
            var activity = Message(conversation, text);
            activity.From = new ChannelAccount { Id = "bot", Role = RoleTypes.Bot };
            activity.Timestamp = at;
            return activity;
        }
        var citizen = Message(conversation, "câu hỏi");
        citizen.Timestamp = now;
        await store.AppendAsync(citizen, false, true, None);
        var unqueued = FromBot("chưa vào hộp thư đi", now);
        await store.AppendAsync(unqueued, false, true, None);
        var queued = FromBot("đã vào hộp thư đi", now);
        await store.AppendAsync(queued, false, true, None);
        await zalo.EnqueueAsync(new ZaloOutboxMessage
        {
            ActivityId = queued.Id!, UserId = "citizen", ConversationId = conversation, ActivityJson = "{}", CreatedAt = now, NextAttemptAt = now,
        }, None);
        await store.AppendAsync(FromBot("cũ", now.AddDays(-10)), false, true, None);
        await store.AppendAsync(FromBot("bot chỉ tự thấy", now), false, false, None);

        var missed = await zalo.UnqueuedRepliesAsync(channel, now.AddDays(-1), 100, None);

        Assert.Equal([unqueued.Id], missed.Select(a => a.ActivityId));
        Assert.Empty(await zalo.UnqueuedRepliesAsync("z-other", now.AddDays(-1), 100, None));
    }

    [DatabaseFact]
    public async Task TheQueueIsNewestFirstAndFilteredByDay()
    {
        var escalations = service.Get<EscalationListing>();
        var sink = service.Get<IEscalationSink>();
        var first = await sink.RecordAsync(new EscalationRequest(await NewConversationAsync(), EscalationReason.AskedForPerson, "một", "vi", "1.001193"), None);
        var second = await sink.RecordAsync(new EscalationRequest(await NewConversationAsync(), EscalationReason.AskedForPerson, "hai", "vi", "1.001193"), None);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var queue = await escalations.ListAsync(new EscalationQuery { Reason = "AskedForPerson", From = today, To = today }, StaffScope.Admin, None);
        var yesterday = await escalations.ListAsync(new EscalationQuery { Reason = "AskedForPerson", To = today.AddDays(-1) }, StaffScope.Admin, None);

        Assert.Equal([second, first], queue.Select(e => e.Reference).Where(r => r == first || r == second));
        Assert.Empty(yesterday);
    }

    [DatabaseFact]
    public async Task AnUpdateReadsBackWithTheVersionItWasGiven()
    {
        var escalations = service.Get<EscalationStore>();
        var reference = await service.Get<IEscalationSink>().RecordAsync(new EscalationRequest(await NewConversationAsync(), EscalationReason.NoMatch, "?", "vi", null), None);

        var recorded = await escalations.FindAsync(reference, StaffScope.Admin, None);
        var updated = await escalations.UpdateAsync(reference, recorded!.UpdatedAt, "staff@center.test", "take", e => e.Status = EscalationStatus.Assigned, None);
        var read = await escalations.FindAsync(reference, StaffScope.Admin, None);

        // Staff forms carry UpdatedAt back as the escalation's version: what was written must read back exactly.
        Assert.Equal(updated!.UpdatedAt.UtcTicks, read!.UpdatedAt.UtcTicks);
        Assert.Equal(EscalationStatus.Assigned, read.Status);
        Assert.Contains(await escalations.AuditAsync(reference, None), a => a.Action == "take");
    }

    [DatabaseFact]
    public async Task ACallbackNumberIsKeptApartRedactedFromItsMessageAndDeletedAfterRetention()
    {
        var store = service.Get<ConversationStore>();
        var conversation = await NewConversationAsync();
        var reference = await service.Get<IEscalationSink>().RecordAsync(new EscalationRequest(conversation, EscalationReason.AskedForPerson, "gọi lại cho tôi", "vi", null), None);
        var typed = Message(conversation, "0912345678");
        await store.AppendAsync(typed, false, true, None);

        await service.Get<ICallbackSink>().LeaveCallbackAsync(conversation, reference, "0912345678", typed.Id, None);

        var escalations = service.Get<EscalationStore>();
        Assert.Equal("0912345678", (await escalations.FindAsync(reference, StaffScope.Admin, None))!.CallbackPhone);
        Assert.DoesNotContain(await store.ReadAfterAsync(conversation, 0, 100, None), a => a.Json.Contains("0912345678", StringComparison.Ordinal));

        await using (var db = await service.Get<IDbContextFactory<CitizenHelperDbContext>>().CreateDbContextAsync())
        {
            var record = await db.Escalations.SingleAsync(e => e.Reference == reference);
            record.CallbackLeftAt = DateTimeOffset.UtcNow.AddDays(-31);
            await db.SaveChangesAsync();
        }
        Assert.True(await escalations.DeleteExpiredCallbacksAsync(None) >= 1);
        Assert.Null((await escalations.FindAsync(reference, StaffScope.Admin, None))!.CallbackPhone);
    }

    [DatabaseFact]
    public async Task RatingsAndOutcomesAreCountedOnTheDashboard()
    {
        var stats = service.Get<StatsStore>();
        var before = await stats.ForLastDaysAsync(7, null, None);
        var conversation = await NewConversationAsync();

        await service.Get<IOutcomeSink>().RecordAsync(conversation, "answered", "1.001193", "vi", None);
        await service.Get<IOutcomeSink>().RecordAsync(conversation, "escalated", null, "vi", None);
        await service.Get<IRatingSink>().RecordAsync(conversation, "1.001193", helpful: true, None);
        await service.Get<IRatingSink>().RecordAsync(conversation, "1.001193", helpful: false, None);
        // A code the knowledge does not have (a rating button's value is the client's to change) counts without it.
        await service.Get<IRatingSink>().RecordAsync(conversation, "9.999001", helpful: true, None);
        var after = await stats.ForLastDaysAsync(7, null, None);

        Assert.Equal(before.Days![^1].Answered + 1, after.Days![^1].Answered);
        Assert.Equal(before.Days[^1].Escalated + 1, after.Days[^1].Escalated);
        (int Helpful, int NotHelpful) Of(Stats figures, string? code) =>
            figures.Ratings!.FirstOrDefault(r => r.ProcedureCode == code) is { } r ? (r.Helpful, r.NotHelpful) : (0, 0);
        Assert.Equal((Of(before, "1.001193").Helpful + 1, Of(before, "1.001193").NotHelpful + 1), Of(after, "1.001193"));
        Assert.Equal(Of(before, null).Helpful + 1, Of(after, null).Helpful);
        Assert.DoesNotContain(after.Ratings!, r => r.ProcedureCode == "9.999001");
    }

    [DatabaseFact]
    public async Task TheDashboardCountsPerDayInTheDatabaseAndRefusalsDoNotLowerTheAnswerRate()
    {
        var stats = service.Get<StatsStore>();
        var contexts = service.Get<IDbContextFactory<CitizenHelperDbContext>>();
        var before = await stats.ForLastDaysAsync(30, null, None);
        var conversation = await NewConversationAsync();
        var today = VietnamTime.Today(TimeProvider.System);
        // 23:59 in Vietnam is 16:59 UTC: a UTC day would still match; 00:30 the next morning there is 17:30 UTC the day before.
        var at = VietnamTime.StartOf(today.AddDays(-3)).AddHours(24).AddMinutes(-1);
        var nextMorning = VietnamTime.StartOf(today.AddDays(-2)).AddMinutes(30);
        Assert.Equal(today.AddDays(-2), VietnamTime.DateOf(nextMorning));
        Assert.Equal(today.AddDays(-3), DateOnly.FromDateTime(nextMorning.UtcDateTime));
        await using (var db = await contexts.CreateDbContextAsync())
        {
            // Three days ago, just before midnight in Vietnam: counted on that day, not the next.
            db.Outcomes.AddRange(
                new OutcomeRecord { ConversationId = conversation, Outcome = "answered", Language = "vi", At = at, Day = VietnamTime.DateOf(at) },
                new OutcomeRecord { ConversationId = conversation, Outcome = "answered", Language = "vi", At = at, Day = VietnamTime.DateOf(at) });
            await db.SaveChangesAsync();
        }
        foreach (var outcome in new[] { "answered", "escalated", "refused-inject", "refused-offtopic", "refused-offtopic", "smalltalk" })
        {
            await service.Get<IOutcomeSink>().RecordAsync(conversation, outcome, null, "vi", None);
        }

        var after = await stats.ForLastDaysAsync(30, null, None);

        var (beforeDays, afterDays) = (before.Days!, after.Days!);
        Assert.Equal(beforeDays.Single(d => d.Day == today.AddDays(-3)).Answered + 2, afterDays.Single(d => d.Day == today.AddDays(-3)).Answered);
        Assert.Equal(beforeDays[^1].Refused + 3, afterDays[^1].Refused);
        Assert.Equal(beforeDays[^1].Questions + 6, afterDays[^1].Questions);
        Assert.Equal(2, after.Refusals!["offtopic"] - before.Refusals!.GetValueOrDefault("offtopic"));
        // Answered / (questions − small talk − refusals): the refusals were handled on purpose, not failures.
        var answered = afterDays.Sum(d => d.Answered);
        var counted = afterDays.Sum(d => d.Questions - d.SmallTalk - d.Refused);
        Assert.Equal((double)answered / counted, after.AnswerRate!.Value, 6);
        Assert.Equal(beforeDays.Sum(d => d.Questions - d.SmallTalk - d.Refused) + 4, counted);
    }

    [DatabaseFact]
    public async Task ADashboardOfSomeCentersCountsOnlyTheirEscalationsAndNoProvinceWideFigures()
    {
        var stats = service.Get<StatsStore>();
        var escalations = service.Get<EscalationStore>();
        var mine = $"Trung tâm {Guid.NewGuid():N}"[..30];
        var theirs = $"Trung tâm {Guid.NewGuid():N}"[..30];
        var contexts = service.Get<IDbContextFactory<CitizenHelperDbContext>>();
        var references = new List<string>();
        foreach (var (center, reason) in new[] { (mine, "NoMatch"), (mine, "NoMatch"), (theirs, "Guardrail") })
        {
            var reference = await service.Get<IEscalationSink>().RecordAsync(new EscalationRequest(await NewConversationAsync(), Enum.Parse<EscalationReason>(reason), "?", "vi", null), None);
            await using var db = await contexts.CreateDbContextAsync();
            var record = await db.Escalations.SingleAsync(e => e.Reference == reference);
            record.Center = center;
            await db.SaveChangesAsync();
            references.Add(reference);
        }
        // Staff of "mine" replied to its escalations after 2 and 4 minutes: the median is 3.
        foreach (var (reference, minutes) in references.Take(2).Zip([2, 4]))
        {
            await using var db = await contexts.CreateDbContextAsync();
            var record = await db.Escalations.SingleAsync(e => e.Reference == reference);
            record.AnsweredAt = record.CreatedAt.AddMinutes(minutes);
            record.SecondsToReply = minutes * 60;
            await db.SaveChangesAsync();
        }

        var figures = await stats.ForLastDaysAsync(7, [mine], None);

        Assert.Equal([mine], figures.Centers);
        Assert.Null(figures.Days);
        Assert.Null(figures.AnswerRate);
        Assert.Null(figures.Ratings);
        Assert.Equal(2, figures.EscalationsPerDay[^1].Count);
        Assert.Equal(new Dictionary<string, int> { ["NoMatch"] = 2 }, figures.EscalationsByReason);
        Assert.Equal(new Dictionary<string, int> { [mine] = 2 }, figures.EscalationsByCenter);
        Assert.Equal(3, figures.MedianMinutesToStaffReply);
        Assert.Equal(0, (await stats.ForLastDaysAsync(7, [], None)).EscalationsPerDay.Sum(d => d.Count));
        Assert.True((await stats.ForLastDaysAsync(7, null, None)).EscalationsByCenter[theirs] == 1);
    }

    [DatabaseFact]
    public async Task TheWeeklyDashboardCountsEachCenterAndEachVietnamWeekApart()
    {
        var stats = service.Get<StatsStore>();
        var contexts = service.Get<IDbContextFactory<CitizenHelperDbContext>>();
        var (a, b) = ($"A{Guid.NewGuid():N}"[..20], $"B{Guid.NewGuid():N}"[..20]);
        // Weeks -2 and -1 (both over, whatever the time of the run); Monday 00:00 in Vietnam is Sunday 17:00 UTC.
        var thisWeek = VietnamTime.WeekOf(DateTimeOffset.UtcNow);
        var (first, second) = (thisWeek.AddDays(-14), thisWeek.AddDays(-7));
        var lastOfFirst = VietnamTime.StartOf(second).AddMinutes(-30); // Sunday 23:30 in Vietnam: still the first week
        var startOfSecond = VietnamTime.StartOf(second).AddMinutes(30); // Monday 00:30 in Vietnam (Sunday 17:30 UTC)
        Assert.Equal(DayOfWeek.Sunday, startOfSecond.UtcDateTime.DayOfWeek);
        var (a1, a2, b1) = (await NewConversationAsync(), await NewConversationAsync(), await NewConversationAsync());

        await using (var db = await contexts.CreateDbContextAsync())
        {
            OutcomeRecord Outcome(string conversation, string outcome, string center, DateTimeOffset at) =>
                new() { ConversationId = conversation, Outcome = outcome, Language = "vi", At = at, Day = VietnamTime.DateOf(at), Center = center };
            EscalationRecord Escalation(string conversation, string center, string question, DateTimeOffset at, int? minutesToReply) => new()
            {
                Reference = $"CH-{Guid.NewGuid():N}"[..12], ConversationId = conversation, Reason = "NoMatch", Question = question, Language = "vi", Transcript = "",
                Center = center, CreatedAt = at, CreatedOn = VietnamTime.DateOf(at), UpdatedAt = at,
                AnsweredAt = minutesToReply is { } m ? at.AddMinutes(m) : null, SecondsToReply = minutesToReply * 60,
            };
            // Center A, first week: 3 answered, 1 escalated, small talk and a refusal (not questions); the last just before Monday.
            db.Outcomes.AddRange(
                Outcome(a1, "answered", a, lastOfFirst.AddDays(-2)), Outcome(a1, "answered", a, lastOfFirst.AddDays(-1)), Outcome(a1, "escalated", a, lastOfFirst.AddDays(-1)),
                Outcome(a1, "smalltalk", a, lastOfFirst.AddDays(-1)), Outcome(a1, "refused-offtopic", a, lastOfFirst.AddDays(-1)), Outcome(a1, "answered", a, lastOfFirst),
                // Center A, second week: 1 answered (just after Monday began in Vietnam), 1 clarify, 2 escalated.
                Outcome(a2, "answered", a, startOfSecond), Outcome(a2, "clarify", a, startOfSecond.AddDays(1)),
                Outcome(a2, "escalated", a, startOfSecond.AddDays(1)), Outcome(a2, "escalated", a, startOfSecond.AddDays(2)),
                // Center B, second week: 2 answered.
                Outcome(b1, "answered", b, startOfSecond.AddDays(3)), Outcome(b1, "answered", b, startOfSecond.AddDays(3)));
            db.Escalations.AddRange(
                Escalation(a1, a, "Nuôi chim yến có cần giấy phép?", lastOfFirst.AddDays(-1), 10),
                Escalation(a2, a, "nuoi chim yen co can giay phep", startOfSecond.AddDays(1), 20),
                Escalation(a2, a, "Đăng ký nuôi chó?", startOfSecond.AddDays(2), null),
                Escalation(b1, b, "Nuôi chim yến có cần giấy phép?", startOfSecond.AddDays(2), 40));
            // Ratings count for the center of their conversation's last question: A's two in the second week, B's one.
            db.Ratings.AddRange(
                new RatingRecord { ConversationId = a2, Helpful = true, At = startOfSecond.AddDays(1) },
                new RatingRecord { ConversationId = a2, Helpful = false, At = startOfSecond.AddDays(2) },
                new RatingRecord { ConversationId = b1, Helpful = true, At = startOfSecond.AddDays(3) });
            await db.SaveChangesAsync();
        }

        var ofA = await stats.WeeklyAsync(3, [a], None);

        Assert.Equal([first, second, thisWeek], ofA.Weeks);
        var (week1, week2, week3) = (ofA.PerWeek[0], ofA.PerWeek[1], ofA.PerWeek[2]);
        Assert.Equal((4, 3, 1, 1, (double?)10, 0, 0), (week1.Questions, week1.Answered, week1.HandOffs, week1.Replied, week1.MedianMinutesToFirstReply, week1.Helpful, week1.NotHelpful));
        Assert.Equal(0.75, week1.Containment!.Value, 6);
        Assert.Null(week1.Satisfaction);
        Assert.Equal((4, 1, 2, 1, (double?)20, 1, 1), (week2.Questions, week2.Answered, week2.HandOffs, week2.Replied, week2.MedianMinutesToFirstReply, week2.Helpful, week2.NotHelpful));
        Assert.Equal(0.25, week2.Containment!.Value, 6);
        Assert.Equal(0.5, week2.Satisfaction!.Value, 6);
        Assert.Equal((0, 0), (week3.Questions, week3.HandOffs));
        Assert.Null(week3.Containment);
        var rowOfA = Assert.Single(ofA.PerCenter);
        Assert.Equal((a, 8, 4, 3, (double?)15), (rowOfA.Center, rowOfA.Questions, rowOfA.Answered, rowOfA.HandOffs, rowOfA.MedianMinutesToFirstReply));
        // The same words, with or without diacritics and case, are one question; B's is not A's.
        var top = ofA.TopUnanswered;
        Assert.Equal(2, top[0].Count);
        Assert.Equal("nuoi chim yen co can giay phep", top[0].Question);
        Assert.Equal(["Đăng ký nuôi chó?"], top.Skip(1).Select(q => q.Question));

        var province = await stats.WeeklyAsync(3, null, None);
        var rowOfB = Assert.Single(province.PerCenter, r => r.Center == b);
        Assert.Equal((2, 2, 1, (double?)40, 1, 0), (rowOfB.Questions, rowOfB.Answered, rowOfB.HandOffs, rowOfB.MedianMinutesToFirstReply, rowOfB.Helpful, rowOfB.NotHelpful));
        Assert.Equal(8, Assert.Single(province.PerCenter, r => r.Center == a).Questions);
        Assert.Equal(3, (await stats.WeeklyAsync(3, [a, b], None)).TopUnanswered.Where(q => q.Question.Contains("yen", StringComparison.Ordinal) || q.Question.Contains("yến", StringComparison.Ordinal)).Sum(q => q.Count));
        Assert.Empty((await stats.WeeklyAsync(3, [], None)).PerCenter);

        // The CSV's rows: each center and week apart, a center asked for without figures too (zeros, no median).
        var grid = (await stats.WeeklyAsync(3, [a, b, "C-without-figures"], None)).PerWeekAndCenter;
        Assert.Equal([(a, first), (a, second), (a, thisWeek), (b, first), (b, second), (b, thisWeek), ("C-without-figures", first), ("C-without-figures", second), ("C-without-figures", thisWeek)],
            grid.Select(r => (r.Center!, r.Week)));
        Assert.Equal(ofA.PerWeek.Select(w => (w.Questions, w.Answered, w.HandOffs, w.MedianMinutesToFirstReply, w.Helpful, w.NotHelpful)),
            grid.Where(r => r.Center == a).Select(w => (w.Questions, w.Answered, w.HandOffs, w.MedianMinutesToFirstReply, w.Helpful, w.NotHelpful)));
        Assert.Equal((0, 0, 0, 0, (double?)null), (grid[3].Questions, grid[3].HandOffs, grid[5].Questions, grid[8].Questions, grid[8].MedianMinutesToFirstReply));
        Assert.Equal((2, 2, 1, (double?)40, 1), (grid[4].Questions, grid[4].Answered, grid[4].HandOffs, grid[4].MedianMinutesToFirstReply, grid[4].Helpful));
        Assert.All(province.PerWeekAndCenter.Where(r => r.Center == a || r.Center == b), r => Assert.False(r.AllCenters));
        Assert.Equal(6, province.PerWeekAndCenter.Count(r => r.Center == a || r.Center == b));
        Assert.Empty((await stats.WeeklyAsync(3, [], None)).PerWeekAndCenter);
    }

    [DatabaseFact]
    public async Task AQuestionIsCountedForTheCommuneNamedElseTheDefaultCenter()
    {
        var conversation = await NewConversationAsync();
        var commune = $"C{Guid.NewGuid():N}"[..20];
        await service.Get<IOutcomeSink>().RecordAsync(conversation, "answered", null, "vi", None, commune);
        await service.Get<IOutcomeSink>().RecordAsync(conversation, "answered", null, "vi", None);

        await using var db = await service.Get<IDbContextFactory<CitizenHelperDbContext>>().CreateDbContextAsync();
        var centers = await db.Outcomes.Where(o => o.ConversationId == conversation).OrderBy(o => o.Id).Select(o => o.Center).ToListAsync();
        // No default center is configured here: a question of no known commune belongs to none.
        Assert.Equal([commune, null], centers);
    }

    [DatabaseFact]
    public async Task OfTwoActionsOnTheSameVersionExactlyOneIsWrittenAndTheOtherWritesNothing()
    {
        var escalations = service.Get<EscalationStore>();
        var reference = await service.Get<IEscalationSink>().RecordAsync(new EscalationRequest(await NewConversationAsync(), EscalationReason.NoMatch, "?", "vi", null), None);
        var version = (await escalations.FindAsync(reference, StaffScope.Admin, None))!.UpdatedAt;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            escalations.UpdateAsync(reference, version, $"staff{i}@center.test", "reply", e => e.Status = EscalationStatus.Answered, None)));

        var winner = Assert.Single(results, r => r is not null);
        Assert.Single(await escalations.AuditAsync(reference, None), a => a.Action == "reply");
        Assert.Null(await escalations.UpdateAsync(reference, version, "late@center.test", "resolve", e => e.Status = EscalationStatus.Resolved, None));
        Assert.Equal(EscalationStatus.Answered, (await escalations.FindAsync(reference, StaffScope.Admin, None))!.Status);
        Assert.True(winner!.UpdatedAt > version);
    }

    [DatabaseFact]
    public async Task AReplyThatCouldNotBeDeliveredIsUndoneWithItsAuditEntry()
    {
        var escalations = service.Get<EscalationStore>();
        var reference = await service.Get<IEscalationSink>().RecordAsync(new EscalationRequest(await NewConversationAsync(), EscalationReason.NoMatch, "?", "vi", null), None);
        var before = (await escalations.FindAsync(reference, StaffScope.Admin, None))!;
        var answered = await escalations.UpdateAsync(reference, before.UpdatedAt, "staff@center.test", "reply", e =>
        {
            e.Status = EscalationStatus.Answered;
            e.AnsweredAt = e.UpdatedAt;
            e.SecondsToReply = 60;
        }, None);

        Assert.True(await escalations.RevertAsync(before, answered!, None));

        var stored = (await escalations.FindAsync(reference, StaffScope.Admin, None))!;
        Assert.Equal((EscalationStatus.Open, (DateTimeOffset?)null, (int?)null, before.UpdatedAt), (stored.Status, stored.AnsweredAt, stored.SecondsToReply, stored.UpdatedAt));
        Assert.Empty(await escalations.AuditAsync(reference, None));
        // Undone once only: the version it undoes is gone.
        Assert.False(await escalations.RevertAsync(before, answered!, None));
    }

    [DatabaseFact]
    public async Task AReplyLeftPendingByACrashAfterTheStateChangeIsDeliveredOnceHoweverOftenDeliveryIsTriedAgain()
    {
        var escalations = service.Get<EscalationStore>();
        var conversationId = await NewConversationAsync();
        var reference = await service.Get<IEscalationSink>().RecordAsync(new EscalationRequest(conversationId, EscalationReason.NoMatch, "?", "vi", null), None);
        var version = (await escalations.FindAsync(reference, StaffScope.Admin, None))!.UpdatedAt;

        // The reply's transaction commits; the process stops before anything reaches the conversation.
        var (answered, reply) = (await escalations.AnswerAsync(reference, version, "staff@center.test", "Mời bạn đến Trung tâm.", () => ConversationDelivery.NewActivityId(conversationId), None))!.Value;

        Assert.Equal(EscalationStatus.Answered, answered.Status);
        Assert.Null(Assert.Single(await escalations.RepliesAsync(reference, None)).DeliveredAt);
        Assert.Empty(await service.Get<ConversationStore>().ReadAfterAsync(conversationId, 0, 100, None));
        // After the restart the pending reply is delivered; deliveries crossing (a second sweep, another start) and
        // later restarts add nothing: the activity ids chosen with the reply let each activity in once.
        var replies = service.Get<StaffReplyDelivery>();
        var later = DateTimeOffset.UtcNow.AddMinutes(1);
        var delivered = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => replies.DeliverPendingAsync(later, None)));
        await replies.DeliverPendingAsync(later, None);

        Assert.InRange(delivered.Sum(), 1, 3);
        var stored = await service.Get<ConversationStore>().ReadAfterAsync(conversationId, 0, 100, None);
        Assert.Equal([("event", reply.HandoffActivityId), ("message", reply.ActivityId)], stored.Select(a => (a.Type, (string?)a.ActivityId)));
        Assert.Equal("Mời bạn đến Trung tâm.", ActivityJson.Deserialize(stored[1].Json)!.Text);
        Assert.NotNull(Assert.Single(await escalations.RepliesAsync(reference, None)).DeliveredAt);
        Assert.Empty(await escalations.PendingRepliesAsync(later, None));
    }

    [DatabaseFact]
    public async Task AReplyInTheConversationButNotYetMarkedDeliveredIsNotSentAgain()
    {
        var escalations = service.Get<EscalationStore>();
        var conversationId = await NewConversationAsync();
        var reference = await service.Get<IEscalationSink>().RecordAsync(new EscalationRequest(conversationId, EscalationReason.NoMatch, "?", "vi", null), None);
        var first = (await escalations.FindAsync(reference, StaffScope.Admin, None))!;
        var (answered, _) = (await escalations.AnswerAsync(reference, first.UpdatedAt, "staff@center.test", "Lần một.", () => ConversationDelivery.NewActivityId(conversationId), None))!.Value;
        var (_, second) = (await escalations.AnswerAsync(reference, answered.UpdatedAt, "staff@center.test", "Lần hai.", () => ConversationDelivery.NewActivityId(conversationId), None))!.Value;
        var delivery = service.Get<ConversationDelivery>();

        // The second reply (no hand-off event: it is not the first) reaches the conversation; the crash comes before the mark.
        Assert.Null(second.HandoffActivityId);
        Assert.True(await delivery.StoreOnceAsync(new Activity
        {
            Id = second.ActivityId,
            Type = ActivityTypes.Message,
            Conversation = new ConversationAccount { Id = conversationId },
            From = new ChannelAccount { Id = "staff", Role = RoleTypes.Bot },
            Text = second.Text,
        }, None));
        await service.Get<StaffReplyDelivery>().DeliverPendingAsync(DateTimeOffset.UtcNow.AddMinutes(1), None);

        var texts = (await service.Get<ConversationStore>().ReadAfterAsync(conversationId, 0, 100, None))
            .Where(a => a.Type == ActivityTypes.Message).Select(a => ActivityJson.Deserialize(a.Json)!.Text);
        Assert.Equal(["Lần hai.", "Lần một."], texts);
        Assert.All(await escalations.RepliesAsync(reference, None), r => Assert.NotNull(r.DeliveredAt));
    }

    [DatabaseFact]
    public async Task AReplyStillPendingIsDeliveredBeforeTheNextReplyToTheSameEscalation()
    {
        var escalations = service.Get<EscalationStore>();
        var conversationId = await NewConversationAsync();
        var reference = await service.Get<IEscalationSink>().RecordAsync(new EscalationRequest(conversationId, EscalationReason.NoMatch, "?", "vi", null), None);
        var version = (await escalations.FindAsync(reference, StaffScope.Admin, None))!.UpdatedAt;
        await escalations.AnswerAsync(reference, version, "staff@center.test", "Trả lời thứ nhất.", () => ConversationDelivery.NewActivityId(conversationId), None);

        var second = await service.Get<EscalationActions>().ReplyAsync(reference, "Trả lời thứ hai.", StaffScope.Admin, "staff@center.test", null, None);

        Assert.Equal(StaffOutcomeKind.Done, second.Kind);
        Assert.False(second.Pending);
        var stored = await service.Get<ConversationStore>().ReadAfterAsync(conversationId, 0, 100, None);
        Assert.Equal(["handoff.status", "Trả lời thứ nhất.", "Trả lời thứ hai."], stored.Select(a => ActivityJson.Deserialize(a.Json)!).Select(a => a.Name ?? a.Text));
        Assert.All(await escalations.RepliesAsync(reference, None), r => Assert.NotNull(r.DeliveredAt));
    }

    [DatabaseFact]
    public async Task AChangeCommittedByAnotherInstanceBetweenReadAndWriteWinsAndTheLaterWriteIsRefused()
    {
        var escalations = service.Get<EscalationStore>();
        // A second instance of the service on the same database: its own writer, its own store.
        using var otherWriter = new BatchWriter(service.Get<IDbContextFactory<CitizenHelperDbContext>>());
        var otherInstance = new EscalationStore(
            service.Get<IDbContextFactory<CitizenHelperDbContext>>(), otherWriter, TimeProvider.System,
            service.Get<KnowledgeProvider>(), service.Get<Microsoft.Extensions.Options.IOptions<StaffOptions>>());
        var reference = await service.Get<IEscalationSink>().RecordAsync(new EscalationRequest(await NewConversationAsync(), EscalationReason.NoMatch, "?", "vi", null), None);
        var version = (await escalations.FindAsync(reference, StaffScope.Admin, None))!.UpdatedAt;
        EscalationRecord? theirs = null;

        // This instance has read the escalation at that version; before it writes, the other instance commits.
        var ours = await escalations.UpdateAsync(reference, version, "here@center.test", "reply", e =>
        {
            theirs = otherInstance.UpdateAsync(reference, version, "there@center.test", "reply", other => other.AssignedTo = "there@center.test", None).GetAwaiter().GetResult();
            e.AssignedTo = "here@center.test";
        }, None);

        Assert.NotNull(theirs);
        Assert.Null(ours);
        var stored = (await escalations.FindAsync(reference, StaffScope.Admin, None))!;
        Assert.Equal("there@center.test", stored.AssignedTo);
        Assert.Equal(["there@center.test"], (await escalations.AuditAsync(reference, None)).Select(a => a.Actor));
    }

    [DatabaseFact]
    public async Task DossierSeedsKeepTheirDatesAndTheInstantOfTheirUpdate()
    {
        // Loaded at start from seeds/ (Dossiers:SeedPath); the seed says "2026-11-23T08:30:00+07:00".
        var dossier = await service.Get<DossierStore>().FindAsync("000.00.00.m01-261116-0001", None);

        Assert.NotNull(dossier);
        Assert.Equal(new DateOnly(2026, 11, 16), dossier.ReceivedOn);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 1, 30, 0, TimeSpan.Zero), dossier.UpdatedAt);
    }

    [DatabaseFact]
    public async Task AKnowledgeDraftIsReviewedOnce()
    {
        var drafts = service.Get<KnowledgeDraftStore>();
        var draft = await drafts.AddAsync(new KnowledgeDraft { Path = "procedures/9.999001.vi.md", Kind = "faq", Original = "", Proposed = "# Hỏi đáp", DraftedBy = "staff@center.test" }, None);

        Assert.Contains(await drafts.ListAsync(DraftStatus.Pending, 50, None), d => d.Id == draft.Id);
        var approved = await drafts.ReviewAsync(draft.Id, "admin@center.test", DraftStatus.Approved, null, None);
        var again = await drafts.ReviewAsync(draft.Id, "admin@center.test", DraftStatus.Rejected, "muộn", None);

        Assert.Equal(DraftStatus.Approved, approved?.Status);
        Assert.Null(again);
        Assert.Equal("admin@center.test", (await drafts.FindAsync(draft.Id, None))?.ReviewedBy);
    }

    [DatabaseFact]
    public async Task StaffSignInWorksAndLocksAfterRepeatedFailures()
    {
        using var client = service.Factory.CreateClient();
        var admin = await client.PostAsJsonAsync("/api/staff/login", new { email = CitizenHelperFactory.AdminEmail, password = CitizenHelperFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);

        using var api = await service.Factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var email = $"lock-{Guid.NewGuid():N}@center.test";
        await api.CreateStaffAsync(email, "staff", "Xã Cư Jút");
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/staff/login", new { email, password = "wrong-password-123" });
        }
        var locked = await client.PostAsJsonAsync("/api/staff/login", new { email, password = StaffSessions.Password });

        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task ADirectLineConversationIsAnsweredAndReadFromItsWatermark()
    {
        var (conversationId, client, _) = await service.Factory.StartConversationAsync();
        await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = "Đăng ký khai sinh cần giấy tờ gì?" });

        var all = await Eventually.GetAsync(
            async () => await client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities"),
            page => page.GetProperty("activities").EnumerateArray().Any(a => a.GetProperty("from").GetProperty("role").GetString() == "bot" && a.GetProperty("text").GetString()!.Contains("khai sinh", StringComparison.OrdinalIgnoreCase)),
            "the bot's answer");
        var watermark = all.GetProperty("watermark").GetString();
        await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = "cảm ơn" });
        var after = await Eventually.GetAsync(
            async () => await client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities?watermark={watermark}"),
            page => page.GetProperty("activities").GetArrayLength() >= 2,
            "the next turn");

        Assert.Equal("cảm ơn", after.GetProperty("activities")[0].GetProperty("text").GetString());
        Assert.True(long.Parse(after.GetProperty("watermark").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(watermark!, System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<string> NewConversationAsync()
    {
        var id = $"spec-{Guid.NewGuid():N}";
        Assert.True(await service.Get<ConversationStore>().CreateAsync(id, "test", "citizen", "vi", None));
        return id;
    }

    private static Activity Message(string conversationId, string text, string? id = null) => new()
    {
        Type = ActivityTypes.Message,
        Id = id ?? Guid.NewGuid().ToString("N"),
        Timestamp = HanoiMorning,
        Conversation = new ConversationAccount { Id = conversationId },
        From = new ChannelAccount { Id = "citizen", Role = RoleTypes.User },
        Text = text,
    };
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Storage;
using CitizenHelper.Storage.Zalo;
using CitizenHelper.Web.Extensions;
using CitizenHelper.Web.Tests.Storage;
using CitizenHelper.Web.Zalo;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitizenHelper.Web.Tests.Zalo;

/// <summary>What must outlive the service (the rotated refresh token and its key ring, events taken, replies stored); and the notification template outside the window.</summary>
public sealed class ZaloRestartTests
{
    [Fact]
    public async Task RestartedServiceRefreshesWithTheRotatedRefreshTokenNotTheConfiguredOne()
    {
        await using var zalo = await FakeZaloServer.StartAsync();
        using var database = TestDatabase.Create(TestDatabase.DefaultProvider);
        using (var first = new CitizenHelperFactory(database, zalo.Settings(), ownsDatabase: false))
        {
            _ = first.Server;
            await Eventually.GetAsync(() => Task.FromResult(zalo.Refreshes.Count), n => n >= 1, "the first refresh");
        }
        Assert.Equal([FakeZaloServer.FirstRefreshToken], zalo.Refreshes);
        var rotated = zalo.CurrentRefreshToken;
        zalo.ExpireAccessToken();

        using var restarted = new CitizenHelperFactory(database, zalo.Settings(), ownsDatabase: false);
        var harness = new HarnessOn(restarted, zalo);
        var replies = await harness.SayAsync("8880001", "xin chào");

        Assert.NotEmpty(replies);
        Assert.Equal([FakeZaloServer.FirstRefreshToken, rotated], zalo.Refreshes);
    }

    [Fact]
    public async Task ARefreshZaloAnsweredIsKeptThoughItsCallerStoppedWaitingMeanwhile()
    {
        // As at a stop: the service gives up waiting while Zalo has spent the old refresh token and sends the new one.
        await using var zalo = await FakeZaloServer.StartAsync();
        using var database = TestDatabase.Create(TestDatabase.DefaultProvider);
        using var storage = new ServiceCollection().AddSingleton(TimeProvider.System).AddStorage(database.Provider, database.ConnectionString).AddHttpClient().BuildServiceProvider();
        await using (var db = await storage.GetRequiredService<IDbContextFactory<CitizenHelperDbContext>>().CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
        }
        var store = storage.GetRequiredService<ZaloStore>();
        var protection = new EphemeralDataProtectionProvider();
        var options = new ConfigurationBuilder().AddInMemoryCollection(zalo.Settings()).Build().GetSection(ZaloOptions.SectionName).Get<ZaloOptions>()!;
        using var tokens = new ZaloTokens(store, storage.GetRequiredService<IHttpClientFactory>(), protection, Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System, NullLogger<ZaloTokens>.Instance);
        zalo.RefreshAnswerHeld = new TaskCompletionSource();
        using var stopping = new CancellationTokenSource();

        var refresh = tokens.RefreshAsync(stale: null, stopping.Token);
        await Eventually.GetAsync(() => Task.FromResult(zalo.Refreshes.Count), n => n == 1, "the refresh asked");
        await stopping.CancelAsync();
        zalo.RefreshAnswerHeld.SetResult();
        await refresh;

        var stored = await store.TokenAsync(CancellationToken.None);
        Assert.Equal(zalo.CurrentRefreshToken, protection.CreateProtector(ZaloTokens.ProtectionPurpose).Unprotect(stored!.ProtectedRefreshToken));
        Assert.NotEqual(FakeZaloServer.FirstRefreshToken, zalo.CurrentRefreshToken);
    }

    [Fact]
    public async Task StaffReplyOutsideTheWindowSendsTheNotificationTemplateAndWaits()
    {
        await using var zalo = await FakeZaloServer.StartAsync();
        var settings = zalo.Settings();
        settings["Zalo:NotificationTemplateId"] = "tpl-42";
        using var service = new CitizenHelperFactory(settings);
        var harness = new HarnessOn(service, zalo);
        const string user = "8880002";
        await harness.SayAsync(user, "gặp cán bộ");
        var store = service.Services.GetRequiredService<ZaloStore>();
        var contact = (await store.FindContactAsync(user, CancellationToken.None))!;
        contact.LastInteractionAt -= TimeSpan.FromDays(8);
        await store.SaveContactAsync(contact, CancellationToken.None);
        using var staff = await harness.StaffAsync();
        var reference = (await ZaloHarness.EscalationOfAsync(staff, user)).GetProperty("reference").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/staff/escalations/{reference}/reply", new { text = "Mời anh đến nhận kết quả." })).StatusCode);

        var template = await Eventually.GetAsync(() => Task.FromResult(zalo.Templates.FirstOrDefault(t => t.UserId == user)), t => t.TemplateId is not null, "the template");
        Assert.Equal("tpl-42", template.TemplateId);
        Assert.Equal(reference, template.Data["reference"]!.GetValue<string>());
        var window = await staff.GetFromJsonAsync<JsonElement>($"/api/staff/zalo/escalations/{reference}");
        Assert.True(window.GetProperty("notificationTemplate").GetBoolean());
        Assert.DoesNotContain(zalo.SentTo(user), m => FakeZaloServer.TextOf(m) == "Mời anh đến nhận kết quả.");
        var detail = await harness.ConsolePageAsync($"/staff/escalations/{reference}");
        Assert.Contains("Zalo's customer-service window is closed", detail, StringComparison.Ordinal);
        Assert.Contains("The citizen is told by a Zalo notification template that a reply is waiting", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyRingIsKeptBesideTheDatabaseSoTheDataFolderAloneReadsTheRefreshToken()
    {
        await using var zalo = await FakeZaloServer.StartAsync();
        using var database = TestDatabase.Create(StorageProvider.Sqlite);
        var dataFolder = Path.GetDirectoryName(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource)!;
        using (var first = new CitizenHelperFactory(database, zalo.Settings(), ownsDatabase: false))
        {
            _ = first.Server;
            await Eventually.GetAsync(() => Task.FromResult(zalo.Refreshes.Count), n => n >= 1, "the first refresh");
        }
        var rotated = zalo.CurrentRefreshToken;

        // Nothing but the data folder: its key ring opens the refresh token its database keeps.
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dataFolder, "keys"), "key-*.xml"));
        var fromFolder = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(dataFolder, "keys")), b => b.SetApplicationName(ServiceExtensions.DataProtectionApplicationName));
        using (var storage = new ServiceCollection().AddStorage(database.ConnectionString).BuildServiceProvider())
        {
            var stored = await storage.GetRequiredService<ZaloStore>().TokenAsync(CancellationToken.None);
            Assert.Equal(rotated, fromFolder.CreateProtector(ZaloTokens.ProtectionPurpose).Unprotect(stored!.ProtectedRefreshToken));
        }

        // A new host on the same folder goes on with it.
        zalo.ExpireAccessToken();
        using var restarted = new CitizenHelperFactory(database, zalo.Settings(), ownsDatabase: false);
        Assert.NotEmpty(await new HarnessOn(restarted, zalo).SayAsync("8880003", "xin chào"));
        Assert.Equal(rotated, zalo.Refreshes.Last());
    }

    [Fact]
    public async Task EventTakenBeforeAStopIsHandledAtTheNextStartAndItsRetryIgnored()
    {
        await using var zalo = await FakeZaloServer.StartAsync();
        using var database = TestDatabase.Create(TestDatabase.DefaultProvider);
        const string user = "8880004";
        var text = FakeZaloServer.Text(user, "lệ phí đăng ký khai sinh", messageId: "msg-before-stop");
        var zaloEvent = ZaloEvent.Read(JsonSerializer.SerializeToElement(text), out _)!;
        // As the webhook leaves it when the service stops right after answering Zalo 200: kept, not handled.
        using (var stopped = new CitizenHelperFactory(database, [], ownsDatabase: false))
        {
            Assert.True(await stopped.Services.GetRequiredService<ZaloStore>().TryAcceptAsync(zaloEvent.EventId, JsonSerializer.Serialize(zaloEvent), DateTimeOffset.UtcNow, CancellationToken.None));
        }

        using var restarted = new CitizenHelperFactory(database, zalo.Settings(), ownsDatabase: false);
        var harness = ZaloHarness.Over(restarted, zalo);
        _ = restarted.Server;
        var replies = await harness.RepliesAfterAsync(user, 0);
        Assert.NotEmpty(replies);

        // Zalo sends it again (it did not see the 200): ignored.
        Assert.Equal(HttpStatusCode.OK, (await harness.PostAsync(FakeZaloServer.Event(text))).StatusCode);
        var contexts = restarted.Services.GetRequiredService<IDbContextFactory<CitizenHelperDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.Activities.CountAsync(a => a.ConversationId == "zalo-" + user && a.FromRole == RoleTypes.User));
        var kept = await db.ZaloInbox.SingleAsync(e => e.EventId == zaloEvent.EventId);
        Assert.NotNull(kept.HandledAt);
        Assert.Null(kept.Json); // the citizen's words are not kept in the inbox once handled
    }

    [Fact]
    public async Task MessageStoredBeforeAStopThatLeftItsEventUnhandledIsStoredAndAnsweredOnce()
    {
        await using var zalo = await FakeZaloServer.StartAsync();
        using var database = TestDatabase.Create(TestDatabase.DefaultProvider);
        const string user = "8880006";
        var conversationId = "zalo-" + user;
        var zaloEvent = ZaloEvent.Read(JsonSerializer.SerializeToElement(FakeZaloServer.Text(user, "lệ phí đăng ký khai sinh", messageId: "msg-stored-before-stop")), out _)!;
        using (var first = new CitizenHelperFactory(database, [], ownsDatabase: false))
        {
            Assert.True(await first.Services.GetRequiredService<ZaloStore>().TryAcceptAsync(zaloEvent.EventId, JsonSerializer.Serialize(zaloEvent), DateTimeOffset.UtcNow, CancellationToken.None));
        }
        // As the worker leaves it when the service stops after storing the message for the bot and before marking its
        // event handled (stored by the stores alone: no service running, so no turn is run now).
        using (var storage = new ServiceCollection().AddSingleton(TimeProvider.System).AddStorage(database.Provider, database.ConnectionString).BuildServiceProvider())
        {
            var conversations = storage.GetRequiredService<ConversationStore>();
            await conversations.CreateAsync(conversationId, "zalo", user, "vi-VN", CancellationToken.None);
            await conversations.AppendAsync(new Activity
            {
                Type = ActivityTypes.Message,
                Id = ZaloEventWorker.ActivityIdOf(zaloEvent),
                ChannelId = "zalo",
                From = new ChannelAccount { Id = user, Role = RoleTypes.User },
                Recipient = new ChannelAccount { Id = "bot", Role = RoleTypes.Bot },
                Conversation = new ConversationAccount { Id = conversationId },
                Locale = "vi-VN",
                Timestamp = DateTimeOffset.UtcNow,
                Text = zaloEvent.Text,
            }, awaitingTurn: true, visibleToClient: true, CancellationToken.None);
        }

        using var restarted = new CitizenHelperFactory(database, zalo.Settings(), ownsDatabase: false);
        var harness = ZaloHarness.Over(restarted, zalo);
        var contexts = restarted.Services.GetRequiredService<IDbContextFactory<CitizenHelperDbContext>>();
        // The event handled again, then every turn over and everything sent: a second copy would be stored by now.
        await Eventually.GetAsync(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync();
            return (await db.ZaloInbox.SingleAsync(e => e.EventId == zaloEvent.EventId)).HandledAt;
        }, at => at is not null, "the event handled after the restart");
        var sent = await harness.RepliesAfterAsync(user, 0);

        await using var db = await contexts.CreateDbContextAsync();
        var stored = await db.Activities.Where(a => a.ConversationId == conversationId).OrderBy(a => a.Sequence).ToListAsync();
        Assert.Equal([ZaloEventWorker.ActivityIdOf(zaloEvent)], stored.Where(a => a.FromRole == RoleTypes.User).Select(a => a.ActivityId));
        var answers = stored.Where(a => a.FromRole == RoleTypes.Bot && a.Type == ActivityTypes.Message).Select(a => ActivityJson.Deserialize(a.Json)!).ToList();
        Assert.NotEmpty(answers);
        Assert.All(answers, a => Assert.Equal(ZaloEventWorker.ActivityIdOf(zaloEvent), a.ReplyToId));
        Assert.Equal(sent.Count, sent.Select(FakeZaloServer.TextOf).Distinct().Count());
    }

    [Fact]
    public async Task ReplyStoredButNotQueuedBeforeAStopIsSentAtTheNextStart()
    {
        await using var zalo = await FakeZaloServer.StartAsync();
        using var database = TestDatabase.Create(TestDatabase.DefaultProvider);
        const string user = "8880005";
        const string Text = "Lệ phí đăng ký khai sinh đúng hạn: miễn phí.";
        // The service stopped after storing the bot's reply and before queueing it for Zalo.
        using (var stopped = new CitizenHelperFactory(database, [], ownsDatabase: false))
        {
            var conversations = stopped.Services.GetRequiredService<ConversationStore>();
            await conversations.CreateAsync("zalo-" + user, "zalo", user, "vi-VN", CancellationToken.None);
            await stopped.Services.GetRequiredService<ZaloStore>().SaveContactAsync(
                new ZaloContact { UserId = user, ConversationId = "zalo-" + user, LastInteractionAt = DateTimeOffset.UtcNow }, CancellationToken.None);
            await conversations.AppendAsync(new Activity
            {
                Type = ActivityTypes.Message,
                Id = "zalo-" + user + "|stored-not-queued",
                ChannelId = "zalo",
                From = new ChannelAccount { Id = "bot", Role = RoleTypes.Bot },
                Conversation = new ConversationAccount { Id = "zalo-" + user },
                Timestamp = DateTimeOffset.UtcNow,
                Text = Text,
            }, awaitingTurn: false, visibleToClient: true, CancellationToken.None);
        }

        using var restarted = new CitizenHelperFactory(database, zalo.Settings(), ownsDatabase: false);
        _ = restarted.Server;

        var sent = await Eventually.GetAsync(() => Task.FromResult(zalo.SentTo(user)), m => m.Count > 0, "the reply sent after the restart");
        Assert.Equal(Text, FakeZaloServer.TextOf(Assert.Single(sent)));
    }

    /// <summary>The harness's helpers over a service and fake server this test made itself.</summary>
    private sealed class HarnessOn(CitizenHelperFactory service, FakeZaloServer zalo)
    {
        private readonly ZaloHarness _harness = ZaloHarness.Over(service, zalo);

        public Task<List<System.Text.Json.Nodes.JsonObject>> SayAsync(string user, string text) => _harness.SayAsync(user, text);

        public Task<HttpClient> StaffAsync() => _harness.StaffAsync();

        public Task<string> ConsolePageAsync(string path) => _harness.ConsolePageAsync(path);
    }
}

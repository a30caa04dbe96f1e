using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CitizenHelper.Storage;
using CitizenHelper.Storage.Zalo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests.Zalo;

/// <summary>The service with its Zalo channel pointed at a <see cref="FakeZaloServer"/>; each test class gets its own pair.</summary>
public sealed class ZaloHarness : IAsyncLifetime, IDisposable
{
    private FakeZaloServer? _zalo;
    private CitizenHelperFactory? _service;

    /// <summary>The helpers over a service and server a test owns (and disposes) itself.</summary>
    internal static ZaloHarness Over(CitizenHelperFactory service, FakeZaloServer zalo) => new() { _service = service, _zalo = zalo };

    internal FakeZaloServer Zalo => _zalo!;
    internal CitizenHelperFactory Service => _service!;

    public async Task InitializeAsync()
    {
        _zalo = await FakeZaloServer.StartAsync();
        _service = new CitizenHelperFactory(_zalo.Settings());
        _ = _service.Server; // start it
    }

    public void Dispose() => _service?.Dispose();

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
        if (_zalo is not null)
        {
            await _zalo.DisposeAsync();
        }
    }

    /// <summary>Posts a webhook event as Zalo does.</summary>
    internal async Task<HttpResponseMessage> PostAsync(HttpRequestMessage zaloEvent)
    {
        using var client = Service.CreateClient();
        using (zaloEvent)
        {
            return await client.SendAsync(zaloEvent);
        }
    }

    /// <summary>Sends the citizen's text and waits until Zalo got more messages for them than before; returns the new ones.</summary>
    internal async Task<List<JsonObject>> SayAsync(string userId, string text)
    {
        var before = Zalo.SentTo(userId).Count;
        var response = await PostAsync(FakeZaloServer.Event(FakeZaloServer.Text(userId, text)));
        response.EnsureSuccessStatusCode();
        return await RepliesAfterAsync(userId, before);
    }

    /// <summary>
    /// Waits until the turn is over and Zalo took everything the outbox had for the user (a reply can be several
    /// Zalo messages, sent one after the other), with at least one new message; returns the new ones.
    /// </summary>
    internal async Task<List<JsonObject>> RepliesAfterAsync(string userId, int before)
    {
        var contexts = Service.Services.GetRequiredService<IDbContextFactory<CitizenHelperDbContext>>();
        var conversationId = "zalo-" + userId;
        await Eventually.GetAsync(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync();
            var turnsLeft = await db.Activities.CountAsync(a => a.ConversationId == conversationId && a.AwaitingTurn);
            var unsent = await db.ZaloOutbox.CountAsync(m => m.ConversationId == conversationId && m.State == ZaloOutboxState.Pending);
            return turnsLeft == 0 && unsent == 0 && Zalo.SentTo(userId).Count > before;
        }, done => done, $"the Zalo replies to {userId}");
        return [.. Zalo.SentTo(userId).Skip(before)];
    }

    internal async Task<HttpClient> StaffAsync()
    {
        var client = Service.CreateClient();
        var login = await client.PostAsJsonAsync("/api/staff/login", new { email = CitizenHelperFactory.AdminEmail, password = CitizenHelperFactory.AdminPassword });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A console page as the administrator sees it in a browser (signed in through the form), its text decoded.</summary>
    internal async Task<string> ConsolePageAsync(string path)
    {
        using var browser = await Service.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        return System.Net.WebUtility.HtmlDecode(await browser.GetStringAsync(path));
    }

    /// <summary>The escalation recorded for the Zalo user's conversation.</summary>
    internal static async Task<JsonElement> EscalationOfAsync(HttpClient staff, string userId) =>
        await Eventually.GetAsync(
            async () => (await staff.GetFromJsonAsync<JsonElement>("/api/staff/escalations")).EnumerateArray().FirstOrDefault(e => e.GetProperty("conversationId").GetString() == "zalo-" + userId),
            e => e.ValueKind == JsonValueKind.Object, "the escalation");
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CitizenHelper.Storage.Zalo;
using CitizenHelper.Web.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests.Zalo;

/// <summary>What must outlive the service: the rotated refresh token; and the notification template outside the window.</summary>
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
    }

    /// <summary>The harness's helpers over a service and fake server this test made itself.</summary>
    private sealed class HarnessOn(CitizenHelperFactory service, FakeZaloServer zalo)
    {
        private readonly ZaloHarness _harness = ZaloHarness.Over(service, zalo);

        public Task<List<System.Text.Json.Nodes.JsonObject>> SayAsync(string user, string text) => _harness.SayAsync(user, text);

        public Task<HttpClient> StaffAsync() => _harness.StaffAsync();
    }
}

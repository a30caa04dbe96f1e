using System.Net;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests.Zalo;

/// <summary>The webhook refuses what Zalo did not send, or sent long ago, and takes a retried delivery once.</summary>
public sealed class ZaloWebhookTests(ZaloHarness harness) : IClassFixture<ZaloHarness>
{
    [Fact]
    public async Task UnsignedEventIsRefused()
    {
        var response = await harness.PostAsync(FakeZaloServer.Event(FakeZaloServer.Text("6660001", "xin chào"), signature: ""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(await ConversationExistsAsync("6660001"));
    }

    [Fact]
    public async Task TamperedEventIsRefused()
    {
        var response = await harness.PostAsync(FakeZaloServer.Event(FakeZaloServer.Text("6660002", "lệ phí khai sinh"),
            tamper: body => FakeZaloServer.Replace(body, "6660002", "6660003")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(await ConversationExistsAsync("6660002"));
        Assert.False(await ConversationExistsAsync("6660003"));
    }

    [Fact]
    public async Task SignedButOldEventIsRefusedAsAReplay()
    {
        var response = await harness.PostAsync(FakeZaloServer.Event(FakeZaloServer.Text("6660004", "lệ phí khai sinh", timestamp: FakeZaloServer.Now(TimeSpan.FromHours(-1)))));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(await ConversationExistsAsync("6660004"));
    }

    [Fact]
    public async Task RetriedDeliveryOfTheSameMessageIsAnsweredOnce()
    {
        const string user = "6660005";
        var zaloEvent = FakeZaloServer.Text(user, "lệ phí đăng ký khai sinh", messageId: "msg-retried-1");

        var first = await harness.PostAsync(FakeZaloServer.Event(zaloEvent));
        var again = await harness.PostAsync(FakeZaloServer.Event(zaloEvent));
        await harness.RepliesAfterAsync(user, 0);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await using var db = await Contexts().CreateDbContextAsync();
        Assert.Equal(1, await db.Activities.CountAsync(a => a.ConversationId == "zalo-" + user && a.FromRole == RoleTypes.User));
    }

    [Fact]
    public async Task OversizeEventIsRefusedUnread()
    {
        var response = await harness.PostAsync(FakeZaloServer.Event(FakeZaloServer.Text("6660006", new string('a', 70_000))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.False(await ConversationExistsAsync("6660006"));
    }

    [Fact]
    public async Task EventWithoutAUserOrTimestampIsABadRequest()
    {
        using var client = harness.Service.CreateClient();
        using var content = new StringContent("{\"event_name\":\"user_send_text\",\"message\":{\"text\":\"hi\"}}", System.Text.Encoding.UTF8, "application/json");

        var response = await client.PostAsync("/zalo/webhook", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task WebhookTakesOnlyPost()
    {
        using var client = harness.Service.CreateClient();

        var response = await client.GetAsync("/zalo/webhook");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private IDbContextFactory<CitizenHelperDbContext> Contexts() => harness.Service.Services.GetRequiredService<IDbContextFactory<CitizenHelperDbContext>>();

    private async Task<bool> ConversationExistsAsync(string user)
    {
        await using var db = await Contexts().CreateDbContextAsync();
        return await db.Conversations.AnyAsync(c => c.Id == "zalo-" + user);
    }
}

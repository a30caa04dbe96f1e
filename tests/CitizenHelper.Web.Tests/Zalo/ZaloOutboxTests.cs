using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CitizenHelper.Storage.Zalo;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests.Zalo;

/// <summary>Replies reach Zalo despite expired tokens and passing errors; refusals are given up clearly; staff replies wait for the window.</summary>
public sealed class ZaloOutboxTests(ZaloHarness harness) : IClassFixture<ZaloHarness>
{
    private ZaloStore Store => harness.Service.Services.GetRequiredService<ZaloStore>();

    [Fact]
    public async Task ExpiredTokenIsRefreshedWithTheRotatedRefreshTokenAndTheReplySent()
    {
        const string user = "7770001";
        await harness.SayAsync(user, "xin chào");
        var refreshToken = harness.Zalo.CurrentRefreshToken;
        harness.Zalo.ExpireAccessToken();

        var replies = await harness.SayAsync(user, "lệ phí đăng ký khai sinh");

        Assert.NotEmpty(replies);
        Assert.Contains(refreshToken, harness.Zalo.Refreshes);
        Assert.Contains(harness.Zalo.Calls, c => c.UserId == user && c.Error == -216);
        // The rotated refresh token is kept, and not in clear text.
        var stored = await Store.TokenAsync(CancellationToken.None);
        Assert.NotNull(stored);
        Assert.NotEqual(refreshToken, harness.Zalo.CurrentRefreshToken);
        Assert.DoesNotContain(harness.Zalo.CurrentRefreshToken, stored.ProtectedRefreshToken, StringComparison.Ordinal);
        Assert.DoesNotContain("access-", stored.ProtectedAccessToken, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-32)]
    [InlineData(-211)]
    public async Task RateLimitAndQuotaErrorsAreRetriedWithBackoff(int error)
    {
        var user = "777010" + (-error % 10);
        await harness.SayAsync(user, "xin chào");
        harness.Zalo.NextErrors.Enqueue(error);

        var replies = await harness.SayAsync(user, "lệ phí đăng ký khai sinh");

        Assert.NotEmpty(replies);
        Assert.Contains(harness.Zalo.Calls, c => c.UserId == user && c.Error == error);
        var outbox = await Store.OutboxOfAsync("zalo-" + user, CancellationToken.None);
        Assert.All(outbox, m => Assert.Equal(ZaloOutboxState.Sent, m.State));
        Assert.Contains(outbox, m => m.Attempts == 2);
    }

    [Theory]
    [InlineData(-217)]
    [InlineData(-213)]
    public async Task UserWhoBlockedOrLeftTheOaIsGivenUpWithoutRetrying(int error)
    {
        var user = "777020" + (-error % 10);
        await harness.SayAsync(user, "xin chào");
        harness.Zalo.NextErrors.Enqueue(error);
        (await harness.PostAsync(FakeZaloServer.Event(FakeZaloServer.Text(user, "lệ phí đăng ký khai sinh")))).EnsureSuccessStatusCode();

        var failed = await Eventually.GetAsync(
            async () => (await Store.OutboxOfAsync("zalo-" + user, CancellationToken.None)).FirstOrDefault(m => m.State == ZaloOutboxState.Failed),
            m => m is not null, "the message given up");

        Assert.Equal(error, failed!.LastError);
        Assert.Equal(1, failed.Attempts);
        Assert.Single(harness.Zalo.Calls, c => c.UserId == user && c.Error == error);
    }

    [Fact]
    public async Task StaffReplyOutsideTheWindowWaitsForTheCitizensNextMessage()
    {
        const string user = "7770301";
        await harness.SayAsync(user, "gặp cán bộ");
        using var staff = await harness.StaffAsync();
        var reference = (await ZaloHarness.EscalationOfAsync(staff, user)).GetProperty("reference").GetString();
        // Eight days pass without a word from the citizen.
        var contact = (await Store.FindContactAsync(user, CancellationToken.None))!;
        contact.LastInteractionAt -= TimeSpan.FromDays(8);
        await Store.SaveContactAsync(contact, CancellationToken.None);

        var window = await staff.GetFromJsonAsync<JsonElement>($"/api/staff/zalo/escalations/{reference}");
        Assert.False(window.GetProperty("windowOpen").GetBoolean());
        Assert.Contains("waits for the citizen's next message", window.GetProperty("note").GetString(), StringComparison.Ordinal);
        const string Text = "Hồ sơ của anh đã xong, mời anh đến nhận.";
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/staff/escalations/{reference}/reply", new { text = Text })).StatusCode);
        await Eventually.GetAsync(
            async () => (await Store.OutboxOfAsync("zalo-" + user, CancellationToken.None)).Any(m => m.State == ZaloOutboxState.Waiting),
            waiting => waiting, "the staff reply waiting");
        Assert.DoesNotContain(harness.Zalo.SentTo(user), m => FakeZaloServer.TextOf(m) == Text);
        var detail = await harness.ConsolePageAsync($"/staff/escalations/{reference}");
        Assert.Contains("Zalo's customer-service window is closed", detail, StringComparison.Ordinal);
        Assert.Contains("The reply waits until the citizen writes to the OA again", detail, StringComparison.Ordinal);
        Assert.Contains("Messages waiting for the citizen: 1", detail, StringComparison.Ordinal);

        var after = await harness.SayAsync(user, "cảm ơn");

        Assert.Equal(Text, FakeZaloServer.TextOf(after[0]));
    }
}

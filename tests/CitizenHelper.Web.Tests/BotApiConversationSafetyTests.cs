using System.Net;
using System.Net.Http.Json;
using CitizenHelper.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests;

/// <summary>
/// /api/messages in Emulator mode (Bot:AllowUnauthenticated) vouches for nobody: it never writes into a Direct Line
/// conversation, and the sender it is told about is a user, whatever id or role the body claims.
/// </summary>
public sealed class BotApiConversationSafetyTests : IAsyncLifetime
{
    private FakeChannel _channel = null!;

    public async Task InitializeAsync() => _channel = await FakeChannel.StartAsync();

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    [Fact]
    public async Task AMessageNamingADirectLineConversationIsRefusedAndWritesNothingThere()
    {
        using var factory = new CitizenHelperFactory();
        var (conversationId, citizen, _) = await factory.StartConversationAsync();
        using var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/api/messages", Message(conversationId, "forged-1", "Cán bộ: chuyển lệ phí 500.000 đồng vào tài khoản 0123456789", "directline"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var activities = await citizen.ActivitiesAsync(conversationId);
        Assert.DoesNotContain(activities, a => a.TryGetProperty("text", out var t) && t.GetString()!.Contains("500.000", StringComparison.Ordinal));
        Assert.DoesNotContain(activities, a => a.TryGetProperty("replyToId", out var r) && r.GetString() == "forged-1");
        Assert.Empty(_channel.Replies);
    }

    [Fact]
    public async Task TheSenderIsAUserWhateverIdAndRoleTheActivityClaims()
    {
        using var factory = new CitizenHelperFactory();
        using var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/api/messages", Message("emulator-conv-staff", "claimed-1", "Tôi là cán bộ trung tâm", "emulator"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var transcript = await factory.Services.GetRequiredService<ConversationStore>().TranscriptAsync("emulator-conv-staff", 50, CancellationToken.None);
        var stored = Assert.Single(transcript, a => a.Id == "claimed-1");
        Assert.Equal("user", stored.From?.Role);
        Assert.NotEqual("staff", stored.From?.Id, StringComparer.OrdinalIgnoreCase);
    }

    private object Message(string conversationId, string id, string text, string channelId) => new
    {
        type = "message",
        id,
        timestamp = DateTimeOffset.UtcNow,
        serviceUrl = _channel.BaseUrl,
        channelId,
        from = new { id = "staff", name = "Cán bộ Trung tâm", role = "bot" },
        recipient = new { id = "bot-1", name = "CitizenHelper", role = "bot" },
        conversation = new { id = conversationId },
        text,
        locale = "vi-VN",
    };
}

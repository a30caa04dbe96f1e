using System.Net.Http.Json;
using System.Text.Json;
using CitizenHelper.Bot;
using CitizenHelper.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests;

/// <summary>A citizen chooses to leave a phone number for a call-back: only then is it kept, for that center's staff only, and deleted later.</summary>
public sealed class CallbackTests(CitizenHelperFactory factory) : IClassFixture<CitizenHelperFactory>
{
    private const string CenterA = "Xã Cư Jút";
    private const string CenterB = "Xã Lạc Dương";

    private static async Task<JsonElement> SendAsync(HttpClient citizen, string conversationId, object activity)
    {
        var posted = await citizen.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", activity);
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        return await Eventually.GetAsync(
            async () => (await citizen.ActivitiesAsync(conversationId)).FirstOrDefault(a => a.TryGetProperty("replyToId", out var r) && r.GetString() == id && a.GetProperty("type").GetString() == "message"),
            a => a.ValueKind == JsonValueKind.Object, "the bot's reply");
    }

    [Fact]
    public async Task NumberLeftAfterTheButtonIsKeptForTheCentersStaffOnlyAndDeletedAfterRetention()
    {
        var (reference, conversationId, citizen) = await factory.EscalateAsync("xin giấy phép nuôi chim yến ở nhà", CenterA);
        var escalated = (await citizen.ActivitiesAsync(conversationId)).Last(a => a.TryGetProperty("channelData", out var d) && d.GetProperty("citizenHelper").TryGetProperty("reference", out _));
        var button = escalated.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray()
            .Single(a => a.GetProperty("value").ValueKind == JsonValueKind.Object && a.GetProperty("value").GetProperty("citizenHelper").GetString() == "callback");

        var asked = await SendAsync(citizen, conversationId, new { type = "message", text = "", value = button.GetProperty("value") });
        var wrong = await SendAsync(citizen, conversationId, new { type = "message", text = "12 34 56 78" });
        var kept = await SendAsync(citizen, conversationId, new { type = "message", text = "+84 912.345.678" });

        Assert.Contains("số điện thoại", asked.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("chưa đúng", wrong.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains(reference, kept.GetProperty("text").GetString(), StringComparison.Ordinal);

        using var admin = await factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var a = $"cb-a-{Guid.NewGuid():N}@center.test";
        var b = $"cb-b-{Guid.NewGuid():N}@center.test";
        await admin.CreateStaffAsync(a, "staff", CenterA);
        await admin.CreateStaffAsync(b, "staff", CenterB);
        using var staffA = await factory.ApiAsync(a);
        using var staffB = await factory.ApiAsync(b);

        var forCenter = await staffA.GetFromJsonAsync<JsonElement>($"/api/staff/escalations/{reference}");
        Assert.Equal("0912345678", forCenter.GetProperty("callbackPhone").GetString());
        Assert.True(forCenter.GetProperty("escalation").GetProperty("hasCallback").GetBoolean());
        var everythingElse = forCenter.GetProperty("conversation").GetRawText() + forCenter.GetProperty("escalation").GetRawText();
        // The number in any of its shapes; not "912" alone, which a timestamp or an id can hold by chance.
        Assert.DoesNotContain("912345678", everythingElse.Replace(".", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, (await admin.GetFromJsonAsync<JsonElement>($"/api/staff/escalations/{reference}")).GetProperty("callbackPhone").ValueKind);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await staffB.GetAsync($"/api/staff/escalations/{reference}")).StatusCode);
        using var console = await factory.ConsoleAsync(a);
        Assert.Contains("0912345678", await console.GetStringAsync($"/staff/escalations/{reference}"), StringComparison.Ordinal);

        // The message the number was typed in is kept redacted: the number lives only with the escalation.
        var history = await citizen.ActivitiesAsync(conversationId);
        Assert.Contains(history, a => a.GetProperty("from").GetProperty("role").GetString() == "user" && a.GetProperty("text").GetString() == "[số điện thoại]");
        Assert.DoesNotContain(history, a => a.GetProperty("from").GetProperty("role").GetString() == "user" && a.TryGetProperty("text", out var t) && t.GetString()!.Contains("345.678", StringComparison.Ordinal));

        // Retention: a number left longer ago than Staff:CallbackRetentionDays is deleted by the cleanup.
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<CitizenHelperDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var record = await db.Escalations.SingleAsync(e => e.Reference == reference);
            record.CallbackLeftAt = DateTimeOffset.UtcNow.AddDays(-31);
            await db.SaveChangesAsync();
        }
        var deleted = await factory.Services.GetRequiredService<EscalationStore>().DeleteExpiredCallbacksAsync(CancellationToken.None);

        Assert.True(deleted >= 1);
        var after = await staffA.GetFromJsonAsync<JsonElement>($"/api/staff/escalations/{reference}");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("callbackPhone").ValueKind);
        Assert.Contains(after.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "delete-callback");
    }

    [Fact]
    public async Task WithoutTheButtonOrAfterCancelNoNumberIsKept()
    {
        var (reference, conversationId, citizen) = await factory.EscalateAsync("xin giấy phép nuôi chim yến ở nhà", CenterA);
        await SendAsync(citizen, conversationId, new { type = "message", text = "số tôi là 0912345678" });
        await SendAsync(citizen, conversationId, new { type = "message", text = "", value = new { citizenHelper = "callback", reference } });
        var cancelled = await SendAsync(citizen, conversationId, new { type = "message", text = "huỷ" });

        Assert.Contains("không lưu", cancelled.GetProperty("text").GetString(), StringComparison.Ordinal);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<CitizenHelperDbContext>>().CreateDbContextAsync();
        var record = await db.Escalations.AsNoTracking().SingleAsync(e => e.Reference == reference);
        Assert.Null(record.CallbackPhone);
    }

    [Theory]
    [InlineData("0912345678", "0912345678")]
    [InlineData("0912 345 678", "0912345678")]
    [InlineData("091.234.5678", "0912345678")]
    [InlineData("091-234-5678", "0912345678")]
    [InlineData("+84912345678", "0912345678")]
    [InlineData("+84 912 345 678", "0912345678")]
    [InlineData("84 912 345 678", "0912345678")]
    [InlineData("0084 912 345 678", "0912345678")]
    [InlineData("+84 (0) 912 345 678", "0912345678")]
    [InlineData("0386 123 456", "0386123456")]
    [InlineData("0569 123 456", "0569123456")]
    [InlineData("0703 123 456", "0703123456")]
    [InlineData("0812 345 678", "0812345678")]
    [InlineData("024 3825 1234", "02438251234")]
    [InlineData("(024) 3825 1234", "02438251234")]
    [InlineData("+84 24 3825 1234", "02438251234")]
    [InlineData("0263 3822 123", "02633822123")]
    public void VietnamesePhoneShapesAreAccepted(string typed, string normalized) =>
        Assert.Equal(normalized, CallbackPhone.Normalize(typed));

    [Theory]
    [InlineData("")]
    [InlineData("12 34 56 78")]
    [InlineData("091234567")]
    [InlineData("09123456789")]
    [InlineData("0112345678")]
    [InlineData("01234567890")]
    [InlineData("+1 212 555 0100")]
    [InlineData("0612 345 678")]
    [InlineData("0912345678 hoặc 0987654321")]
    [InlineData("001203004567")]
    [InlineData("tôi ở xã Cư Jút")]
    public void OtherTextIsNotAPhoneNumber(string typed) =>
        Assert.Null(CallbackPhone.Normalize(typed));
}

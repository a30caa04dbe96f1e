using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CitizenHelper.Qr.Tests.Support;
using CitizenHelper.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests.Zalo;

/// <summary>A citizen's whole conversation through Zalo, against the fake Zalo server: the same bot, the same console.</summary>
public sealed class ZaloConversationTests(ZaloHarness harness) : IClassFixture<ZaloHarness>
{
    [Fact]
    public async Task CitizenAsksFollowsAGuideSendsAPhotoAndGetsAStaffReplyThroughZalo()
    {
        const string user = "5550001";
        var zalo = harness.Zalo;

        // A question: a cited answer, with the document's link, in texts within Zalo's limit.
        var answer = await harness.SayAsync(user, "đăng ký khai sinh cần giấy tờ gì");
        var answerText = string.Join("\n", answer.Select(FakeZaloServer.TextOf));
        Assert.Contains("[1] Đăng ký khai sinh: http://localhost:5080/kb/1.001193/vi", answerText, StringComparison.Ordinal);
        Assert.All(answer, m => Assert.True(FakeZaloServer.TextOf(m).Length <= 2000));

        // Guided mode: the step comes with buttons; tapping one sends its payload back as a text, and the guide moves on.
        var guide = await harness.SayAsync(user, "hướng dẫn từng bước 1.001193");
        var buttons = guide.SelectMany(FakeZaloServer.ButtonsOf).ToList();
        Assert.NotEmpty(buttons);
        var tap = buttons.First(b => b["type"]!.GetValue<string>() == "oa.query.hide");
        Assert.StartsWith("#ch{", tap["payload"]!.GetValue<string>(), StringComparison.Ordinal);
        var next = await harness.SayAsync(user, tap["payload"]!.GetValue<string>());
        // The tap reached the bot as the button's value (not as words), and the guide answered with another step.
        await using (var db = await harness.Service.Services.GetRequiredService<IDbContextFactory<CitizenHelperDbContext>>().CreateDbContextAsync())
        {
            var tapped = await db.Activities.Where(a => a.ConversationId == "zalo-" + user && a.FromRole == "user").OrderByDescending(a => a.Sequence).FirstAsync();
            var stored = JsonSerializer.Deserialize<JsonElement>(tapped.Json);
            Assert.Equal(JsonValueKind.Object, stored.GetProperty("value").ValueKind);
        }
        Assert.NotEqual(Said(guide), Said(next));
        await harness.SayAsync(user, "dừng");

        // A photo of a receipt's QR code: fetched from Zalo's CDN, read, answered with the dossier's status.
        zalo.Photos["receipt.jpg"] = TestImages.Jpeg(SyntheticPhoto.Render("000.00.00.M01-261118-0002", new PhotoShape(140, -15, 1.0, 10)));
        var before = zalo.SentTo(user).Count;
        (await harness.PostAsync(FakeZaloServer.Event(zalo.Image(user, "receipt.jpg")))).EnsureSuccessStatusCode();
        var status = await harness.RepliesAfterAsync(user, before);
        Assert.Contains("25/11/2026", string.Join("\n", status.Select(FakeZaloServer.TextOf)), StringComparison.Ordinal);

        // Escalation: the console sees the conversation, stored as a Zalo one; a staff reply reaches the citizen.
        await harness.SayAsync(user, "gặp cán bộ");
        using var staff = await harness.StaffAsync();
        var escalation = await ZaloHarness.EscalationOfAsync(staff, user);
        var reference = escalation.GetProperty("reference").GetString()!;
        await using (var db = await harness.Service.Services.GetRequiredService<IDbContextFactory<CitizenHelperDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal("zalo", (await db.Conversations.SingleAsync(c => c.Id == "zalo-" + user)).ChannelId);
        }
        var window = await staff.GetFromJsonAsync<JsonElement>($"/api/staff/zalo/escalations/{reference}");
        Assert.True(window.GetProperty("windowOpen").GetBoolean());
        // The console marks it as Zalo in the queue, and the escalation's page says a reply reaches the citizen now.
        var queueRow = QueueRow(await harness.ConsolePageAsync("/staff"), reference);
        Assert.Contains("<td data-label=\"Kênh · Channel\">Zalo</td>", queueRow, StringComparison.Ordinal);
        var detail = await harness.ConsolePageAsync($"/staff/escalations/{reference}");
        Assert.Contains("id=\"zalo\"", detail, StringComparison.Ordinal);
        Assert.Contains("Zalo's customer-service window is open until", detail, StringComparison.Ordinal);

        before = zalo.SentTo(user).Count;
        var reply = await staff.PostAsJsonAsync($"/api/staff/escalations/{reference}/reply", new { text = "Chào anh, giấy khai sinh bản chính cần mang theo khi nộp." });
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var fromStaff = await harness.RepliesAfterAsync(user, before);
        Assert.Contains(fromStaff, m => FakeZaloServer.TextOf(m) == "Chào anh, giấy khai sinh bản chính cần mang theo khi nộp.");
    }

    /// <summary>Everything a reply said, its texts and its buttons' prompts, in order.</summary>
    private static string Said(IEnumerable<System.Text.Json.Nodes.JsonObject> messages) => string.Join("\n", messages.Select(FakeZaloServer.TextOf));

    /// <summary>The queue's table row of the escalation.</summary>
    private static string QueueRow(string html, string reference)
    {
        var at = html.IndexOf(reference, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{reference} is not in the queue");
        var start = html.LastIndexOf("<tr", at, StringComparison.Ordinal);
        return html[start..html.IndexOf("</tr>", at, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task FollowGetsTheWelcomeWithButtons()
    {
        const string user = "5550002";
        var before = harness.Zalo.SentTo(user).Count;
        (await harness.PostAsync(FakeZaloServer.Event(FakeZaloServer.Follow(user)))).EnsureSuccessStatusCode();

        var welcome = await harness.RepliesAfterAsync(user, before);

        Assert.Contains(welcome, m => FakeZaloServer.ButtonsOf(m).Any(b => b["type"]!.GetValue<string>() == "oa.query.show"));
    }
}

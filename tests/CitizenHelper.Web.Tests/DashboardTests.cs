using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CitizenHelper.Answering;
using CitizenHelper.Storage;
using CitizenHelper.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests;

/// <summary>
/// The leader's dashboard and the centers' working hours in the console: each clerk sees their own center's week,
/// the administrator every center and the one they pick; the queue shows a center's hours and who is away.
/// </summary>
public sealed partial class DashboardTests
{
    private const string CenterA = "24640"; // Xã Cư Jút
    private const string CenterB = "24848"; // Xã Lạc Dương
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    [GeneratedRegex("<tr data-week=\"[0-9-]+\" data-center=\"all\">(?<row>.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex WeekRow();

    /// <summary>This week's row of the per-week table: questions, answered, hand-offs.</summary>
    private static (int Questions, int Answered, int HandOffs) ThisWeek(string html)
    {
        var row = WeekRow().Matches(html)[^1].Groups["row"].Value;
        int Cell(string name) => int.Parse(Regex.Match(row, $"class=\"{name}\"[^>]*>(\\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        return (Cell("questions"), int.Parse(Regex.Match(row, "data-answered=\"(\\d+)\"").Groups[1].Value, CultureInfo.InvariantCulture), Cell("handoffs"));
    }

    [Fact]
    public async Task EachClerkSeesTheirCentersWeekAndTheAdministratorPicksACenter()
    {
        // Center A's staff are away until tomorrow (in Vietnam), whatever the time of the run; B has no hours set.
        var tomorrow = DateTimeOffset.UtcNow.ToOffset(Vietnam).AddDays(1);
        using var factory = new CitizenHelperFactory(new Dictionary<string, string?> { [$"Staff:WorkingHours:{CenterA}"] = $"{tomorrow.DayOfWeek.ToString()[..3]} 07:30-11:30" });
        using (var admin = await factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword))
        {
            await admin.CreateStaffAsync("lead.a@center.test", "staff", CenterA);
            await admin.CreateStaffAsync("lead.b@center.test", "staff", CenterB);
        }
        // A citizen of A names the commune (answered with its center), asks about the swiftlet licence (handed off) and a procedure (answered).
        var (reference, conversationId, citizen) = await factory.EscalateAsync("xin giấy phép nuôi chim yến ở nhà", "Xã Cư Jút");
        await citizen.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = "Đăng ký khai sinh cần giấy tờ gì?" });
        await Eventually.GetAsync(() => citizen.ActivitiesAsync(conversationId), all => all.Count(a => a.GetProperty("type").GetString() == "message" && a.GetProperty("from").GetProperty("role").GetString() == "bot") >= 4, "the answer about the birth registration");
        var escalation = (await citizen.ActivitiesAsync(conversationId)).Single(a => a.TryGetProperty("channelData", out var d) && d.TryGetProperty("citizenHelper", out var h) && h.TryGetProperty("reference", out var r) && r.GetString() == reference);
        Assert.Contains($"từ 07:30 ngày {tomorrow.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}", escalation.GetProperty("text").GetString(), StringComparison.Ordinal);
        var outcomes = await Eventually.GetAsync(
            async () => (await (await factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword)).GetFromJsonAsync<JsonElement>($"/api/staff/stats/weekly?weeks=1&center={CenterA}")).GetProperty("perWeek")[0],
            w => w.GetProperty("questions").GetInt32() >= 3, "the answered question counted");

        using var leadA = await factory.ConsoleAsync("lead.a@center.test");
        using var leadB = await factory.ConsoleAsync("lead.b@center.test");
        using var administrator = await factory.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var ofA = await leadA.GetStringAsync("/staff/dashboard?weeks=4");
        var ofB = await leadB.GetStringAsync("/staff/dashboard?weeks=4");
        var picked = await administrator.GetStringAsync($"/staff/dashboard?weeks=4&center={CenterA}");
        var province = await administrator.GetStringAsync("/staff/dashboard?weeks=4");

        // Three questions of A, two answered by the bot, one handed off; counted for A from the message naming the commune on.
        Assert.Equal(3, outcomes.GetProperty("questions").GetInt32());
        Assert.Equal((3, 2, 1), ThisWeek(ofA));
        Assert.Contains("xin giấy phép nuôi chim yến ở nhà", ofA, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), ThisWeek(ofB));
        Assert.DoesNotContain("chim yến", ofB, StringComparison.Ordinal);
        Assert.Equal((3, 2, 1), ThisWeek(picked));
        Assert.Matches($"<tr data-week=\"[0-9-]+\" data-center=\"{CenterA}\">", province);
        Assert.Equal(4, WeekRow().Count(ofA));

        // The queue: A's hours, and that citizens are told when staff are back; B has none set; the administrator sees A's.
        var queueA = await leadA.GetStringAsync("/staff");
        Assert.Contains("id=\"working-hours\"", queueA, StringComparison.Ordinal);
        Assert.Contains($"T{(int)tomorrow.DayOfWeek + 1} 07:30–11:30".Replace("T1 ", "CN ", StringComparison.Ordinal), queueA, StringComparison.Ordinal);
        Assert.Contains($"trở lại lúc {tomorrow.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} 07:30", queueA, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"working-hours\"", await leadB.GetStringAsync("/staff"), StringComparison.Ordinal);
        Assert.Contains($"data-center=\"{CenterA}\"", await administrator.GetStringAsync("/staff"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WeeklyCsvHasARowPerCenterAndWeekOfTheCentersThePageShows()
    {
        using var factory = new CitizenHelperFactory();
        using (var admin = await factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword))
        {
            await admin.CreateStaffAsync("csv.a@center.test", "staff", CenterA);
            await admin.CreateStaffAsync("csv.b@center.test", "staff", CenterB);
        }
        // Last week and this one (Monday 01:00 in Vietnam, already past whenever the test runs).
        var thisWeek = VietnamTime.WeekOf(DateTimeOffset.UtcNow);
        var lastWeek = thisWeek.AddDays(-7);
        var (before, now) = (VietnamTime.StartOf(lastWeek).AddDays(2), VietnamTime.StartOf(thisWeek).AddHours(1));
        var conversations = factory.Services.GetRequiredService<ConversationStore>();
        var (a1, a2, b1) = ("csv-a1", "csv-a2", "csv-b1");
        foreach (var id in new[] { a1, a2, b1 })
        {
            Assert.True(await conversations.CreateAsync(id, "test", "citizen", "vi", CancellationToken.None));
        }
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<CitizenHelperDbContext>>().CreateDbContextAsync())
        {
            OutcomeRecord Outcome(string conversation, string outcome, string center, DateTimeOffset at) =>
                new() { ConversationId = conversation, Outcome = outcome, Language = "vi", At = at, Day = VietnamTime.DateOf(at), Center = center };
            EscalationRecord Escalation(string conversation, string center, DateTimeOffset at, int? minutesToReply) => new()
            {
                Reference = $"CH-{Guid.NewGuid():N}"[..12], ConversationId = conversation, Reason = "NoMatch", Question = "Nuôi chim yến?", Language = "vi", Transcript = "",
                Center = center, CreatedAt = at, CreatedOn = VietnamTime.DateOf(at), UpdatedAt = at,
                AnsweredAt = minutesToReply is { } m ? at.AddMinutes(m) : null, SecondsToReply = minutesToReply * 60,
            };
            // A, last week: 4 questions, 2 answered, 2 handed off (replied after 10 and 20 minutes), rated helpful; this week: 1 answered, rated not helpful.
            // B, this week only: 4 questions, 3 answered, 1 handed off (not yet replied).
            db.Outcomes.AddRange(
                Outcome(a1, "answered", CenterA, before), Outcome(a1, "answered", CenterA, before), Outcome(a1, "escalated", CenterA, before), Outcome(a1, "escalated", CenterA, before),
                Outcome(a2, "answered", CenterA, now),
                Outcome(b1, "answered", CenterB, now), Outcome(b1, "answered", CenterB, now), Outcome(b1, "answered", CenterB, now), Outcome(b1, "escalated", CenterB, now));
            db.Escalations.AddRange(Escalation(a1, CenterA, before, 10), Escalation(a1, CenterA, before, 20), Escalation(b1, CenterB, now, null));
            db.Ratings.AddRange(
                new RatingRecord { ConversationId = a1, Helpful = true, At = before.AddMinutes(30) },
                new RatingRecord { ConversationId = a2, Helpful = false, At = now.AddMinutes(5) });
            await db.SaveChangesAsync();
        }
        var knowledge = factory.Services.GetRequiredService<KnowledgeProvider>();
        string Day(DateOnly monday) => monday.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        string[] ofA = [$"{Day(lastWeek)},\"{StaffCenters.Label(knowledge, CenterA)}\",4,2,2,15,1,0,100", $"{Day(thisWeek)},\"{StaffCenters.Label(knowledge, CenterA)}\",1,1,0,,0,1,0"];
        string[] ofB = [$"{Day(lastWeek)},\"{StaffCenters.Label(knowledge, CenterB)}\",0,0,0,,0,0,", $"{Day(thisWeek)},\"{StaffCenters.Label(knowledge, CenterB)}\",4,3,1,,0,0,"];
        Assert.StartsWith("Xã Cư Jút, ", StaffCenters.Label(knowledge, CenterA), StringComparison.Ordinal); // the name, not the code alone

        using var clerkA = await factory.ApiAsync("csv.a@center.test");
        using var clerkB = await factory.ApiAsync("csv.b@center.test");
        using var administrator = await factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        async Task<string[]> RowsAsync(HttpClient client, string query)
        {
            using var response = await client.GetAsync($"/api/staff/stats/weekly.csv?{query}");
            response.EnsureSuccessStatusCode();
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal($"citizenhelper-weekly-{lastWeek:yyyyMMdd}-{thisWeek.AddDays(6):yyyyMMdd}.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]); // the byte order mark: Excel reads the centers' Vietnamese names right only with it
            var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("week_start,center,questions,answered_without_staff,handoffs,median_minutes_to_first_reply,helpful,not_helpful,satisfaction_percent", lines[0]);
            return lines[1..];
        }

        // Each clerk her own center only, even when asking for the other; the administrator the province or the center chosen.
        Assert.Equal(ofA, await RowsAsync(clerkA, "weeks=2"));
        Assert.Equal(ofA, await RowsAsync(clerkA, $"weeks=2&center={CenterB}"));
        Assert.Equal(ofB, await RowsAsync(clerkB, "weeks=2"));
        Assert.Equal(ofA.Concat(ofB), await RowsAsync(administrator, "weeks=2"));
        Assert.Equal(ofB, await RowsAsync(administrator, $"weeks=2&center={CenterB}"));

        // The dashboard links to it with the weeks and the center it shows.
        using var console = await factory.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        Assert.Contains($"id=\"weekly-csv\" href=\"/api/staff/stats/weekly.csv?weeks=2&amp;center={CenterB}\"", await console.GetStringAsync($"/staff/dashboard?weeks=2&center={CenterB}"), StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests.Guided;

/// <summary>Guided mode through the real service: Direct Line in, the database keeping the session, staff and the checklist page out.</summary>
public sealed class GuidedApiTests : IClassFixture<CitizenHelperFactory>
{
    private readonly CitizenHelperFactory _factory;

    public GuidedApiTests(CitizenHelperFactory factory) => _factory = factory;

    [Fact]
    public async Task AGuideSurvivesInTheDatabaseStaffSeeWhereItStandsAndTheChecklistPageShowsIt()
    {
        var (conversationId, client, _) = await _factory.StartConversationAsync();
        await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities",
            new { type = "event", name = "citizenhelper/open", value = new { procedure = "1.001193", mode = "guided", lang = "vi" } });
        var first = await WaitForAsync(client, conversationId, a => a.GetProperty("text").GetString()!.StartsWith("**Giấy tờ 1/6**", StringComparison.Ordinal));
        var yes = first.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray().First(b => b.GetProperty("title").GetString() == "✔ Đã có");
        var token = yes.GetProperty("value").GetProperty("token").GetString()!;

        await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = "", value = yes.GetProperty("value") });
        await WaitForAsync(client, conversationId, a => a.GetProperty("text").GetString()!.StartsWith("**Giấy tờ 2/6**", StringComparison.Ordinal));

        using var anonymous = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/staff/guided")).StatusCode);
        using var staff = await SignedInAsync();
        var progress = await staff.GetFromJsonAsync<JsonElement>("/api/staff/guided");
        var session = progress.GetProperty("sessions").EnumerateArray().Single(s => s.GetProperty("conversationId").GetString() == conversationId);
        Assert.Equal("documents:1", session.GetProperty("position").GetString());
        Assert.Equal("1.001193", session.GetProperty("procedure").GetString());
        Assert.Contains(progress.GetProperty("stuck").EnumerateArray(), s => s.GetProperty("position").GetString() == "documents:1");
        Assert.DoesNotContain(token, progress.ToString(), StringComparison.Ordinal);

        var page = await anonymous.GetAsync($"/guided/{token}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("✔ Tờ khai đăng ký khai sinh theo mẫu (1 bản chính)", html, StringComparison.Ordinal);
        Assert.Contains("/kb/1.001193/vi", html, StringComparison.Ordinal);
        Assert.Contains($"?g={token}", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGuideOpenedOnAnotherDeviceMovesThereAndTheFirstDeviceIsNoLongerInIt()
    {
        var (phone, phoneClient, _) = await _factory.StartConversationAsync();
        await phoneClient.PostAsJsonAsync($"/v3/directline/conversations/{phone}/activities",
            new { type = "event", name = "citizenhelper/open", value = new { procedure = "1.001193", mode = "guided", lang = "vi" } });
        var first = await WaitForAsync(phoneClient, phone, a => a.GetProperty("text").GetString()!.StartsWith("**Giấy tờ 1/6**", StringComparison.Ordinal));
        var token = first.GetProperty("suggestedActions").GetProperty("actions")[0].GetProperty("value").GetProperty("token").GetString();
        await phoneClient.PostAsJsonAsync($"/v3/directline/conversations/{phone}/activities", new { type = "message", text = "có" });
        await WaitForAsync(phoneClient, phone, a => a.GetProperty("text").GetString()!.StartsWith("**Giấy tờ 2/6**", StringComparison.Ordinal));

        // A question typed on the phone mid-guide: answered, then the guide reminds (the phone's guide is remembered).
        await phoneClient.PostAsJsonAsync($"/v3/directline/conversations/{phone}/activities", new { type = "message", text = "lệ phí khai sinh" });
        await WaitForAsync(phoneClient, phone, a => a.GetProperty("text").GetString()!.Contains("Bạn đang làm hướng dẫn", StringComparison.Ordinal));

        var (computer, computerClient, _) = await _factory.StartConversationAsync();
        await computerClient.PostAsJsonAsync($"/v3/directline/conversations/{computer}/activities",
            new { type = "event", name = "citizenhelper/open", value = new { resume = token, lang = "vi" } });
        await WaitForAsync(computerClient, computer, a => a.GetProperty("text").GetString()!.StartsWith("**Giấy tờ 2/6**", StringComparison.Ordinal));

        var asked = await phoneClient.PostAsJsonAsync($"/v3/directline/conversations/{phone}/activities", new { type = "message", text = "lệ phí chứng thực bản sao" });
        var id = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var answer = await WaitForAsync(phoneClient, phone, a => a.TryGetProperty("replyToId", out var r) && r.GetString() == id && Outcome(a) is "answered" or "clarify");
        // The turns of a conversation run in order: once the next turn's reply is there, whatever the question's turn
        // was going to send has been sent.
        var marked = await phoneClient.PostAsJsonAsync($"/v3/directline/conversations/{phone}/activities", new { type = "message", text = "cảm ơn" });
        var markId = (await marked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var markReply = await WaitForAsync(phoneClient, phone, a => a.TryGetProperty("replyToId", out var r) && r.GetString() == markId);
        var replies = (await phoneClient.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{phone}/activities")).GetProperty("activities").EnumerateArray()
            .Where(a => Outcome(a) is not null).Select(a => a.GetProperty("id").GetString()).ToList();
        var between = replies[(replies.IndexOf(answer.GetProperty("id").GetString()) + 1)..replies.IndexOf(markReply.GetProperty("id").GetString())];
        Assert.Empty(between); // no guide reminder on the phone after the answer
        Assert.NotEqual("guided", Outcome(markReply));
    }

    [Fact]
    public async Task StaffSeeTheGuidesOfTheirCentersOrOfTheirEscalationsAndAGuideWithNeitherOnlyAdministratorsSee()
    {
        const string lacDuong = "Xã Lạc Dương";
        var startedBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var (reference, escalated, _) = await _factory.EscalateAsync("xin giấy phép nuôi chim yến ở nhà", "Xã Cư Jút");
        var store = _factory.Services.GetRequiredService<CitizenHelper.Storage.GuidedSessionStore>();
        async Task<string> SaveAsync(string conversation, string? unit, CitizenHelper.Bot.Guided.GuidedStage stage)
        {
            await store.SaveAsync(new CitizenHelper.Bot.Guided.GuidedSession
            {
                Token = Guid.NewGuid().ToString("N")[..22],
                ConversationId = conversation,
                ProcedureCode = "1.001193",
                Language = "vi",
                Stage = stage,
                Index = 1,
                Answers = "yn....",
                Unit = unit,
                StartedAt = startedBefore,
                UpdatedAt = DateTimeOffset.UtcNow,
            }, default);
            return conversation;
        }
        var named = await SaveAsync($"guide-named-{Guid.NewGuid():N}", lacDuong, CitizenHelper.Bot.Guided.GuidedStage.Done);
        await SaveAsync(escalated, null, CitizenHelper.Bot.Guided.GuidedStage.Documents);
        var nowhere = await SaveAsync($"guide-nowhere-{Guid.NewGuid():N}", null, CitizenHelper.Bot.Guided.GuidedStage.Steps);
        using var admin = await SignedInAsync();
        var cuJut = $"cujut-{Guid.NewGuid():N}@center.test";
        await admin.CreateStaffAsync(cuJut, "staff", "Xã Cư Jút");
        using var staff = await _factory.ApiAsync(cuJut);

        var seen = await staff.GetFromJsonAsync<JsonElement>("/api/staff/guided");
        var all = await admin.GetFromJsonAsync<JsonElement>("/api/staff/guided");
        var finished = await admin.GetFromJsonAsync<JsonElement>("/api/staff/guided?state=finished&procedure=1.001193");

        static List<string> Conversations(JsonElement report) => [.. report.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("conversationId").GetString()!)];
        Assert.Equal([escalated], Conversations(seen));
        Assert.Subset(Conversations(all).ToHashSet(), new HashSet<string> { named, escalated, nowhere });
        Assert.Contains(named, Conversations(finished));
        Assert.DoesNotContain(escalated, Conversations(finished));
        var row = seen.GetProperty("sessions")[0];
        Assert.Equal(reference, row.GetProperty("escalation").GetString());
        Assert.Equal(["Giấy chứng sinh do bệnh viện, trạm y tế cấp"], row.GetProperty("missing").EnumerateArray().Select(m => m.GetString()).ToList());
        Assert.StartsWith("Giấy tờ 2/6 · Paper 2 of 6", row.GetProperty("place").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync("/api/staff/guided?state=lost")).StatusCode);
    }

    [Fact]
    public async Task TheConsolePageShowsPerProcedureWhereGuidesStopMostOftenAndEachGuide()
    {
        const string marriage = "1.000894";
        var store = _factory.Services.GetRequiredService<CitizenHelper.Storage.GuidedSessionStore>();
        foreach (var (stage, index, done) in new[] { (CitizenHelper.Bot.Guided.GuidedStage.Steps, 1, false), (CitizenHelper.Bot.Guided.GuidedStage.Documents, 0, false),
            (CitizenHelper.Bot.Guided.GuidedStage.Steps, 1, false), (CitizenHelper.Bot.Guided.GuidedStage.Done, 0, true) })
        {
            var now = DateTimeOffset.UtcNow;
            await store.SaveAsync(new CitizenHelper.Bot.Guided.GuidedSession
            {
                Token = Guid.NewGuid().ToString("N")[..22], ConversationId = $"page-{Guid.NewGuid():N}", ProcedureCode = marriage, Language = "vi",
                Stage = stage, Index = index, Answers = done ? "yyyy" : "n...", StartedAt = now, UpdatedAt = now,
            }, default);
        }
        using var console = await _factory.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);

        var html = WebUtility.HtmlDecode(await console.GetStringAsync($"/staff/guided?procedure={marriage}"));
        var stuck = WebUtility.HtmlDecode(await console.GetStringAsync($"/staff/guided?procedure={marriage}&state=stuck"));
        var wrong = await console.GetAsync("/staff/guided?from=yesterday");

        Assert.Contains("Bắt đầu · Started: <strong>4</strong> · Đã xong · Finished: <strong>1</strong>", html, StringComparison.Ordinal);
        var stops = html[html.IndexOf("id=\"guided-stops\"", StringComparison.Ordinal)..html.IndexOf("id=\"guided-sessions\"", StringComparison.Ordinal)];
        Assert.Matches(@"<li>Bước 2/\d+ · Step 2 of \d+: [^<]+: <strong>2</strong>.*<li>Giấy tờ 1/\d+ · Paper 1 of \d+: [^<]+: <strong>1</strong>", stops);
        Assert.Contains($"href=\"/staff/guided?procedure={marriage}&state=stuck&from=", html, StringComparison.Ordinal); // the stuck guides of that procedure
        Assert.Equal(4, Regex.Count(html, "<tr data-conversation="));
        Assert.Equal(3, Regex.Count(stuck, "<tr data-conversation="));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
    }

    [Fact]
    public async Task TheFiguresPerProcedureCountEverySessionTheFiltersMatchNotOnlyTheListedOnesWithTheirRatings()
    {
        const string procedure = "1.004222";
        var store = _factory.Services.GetRequiredService<CitizenHelper.Storage.GuidedSessionStore>();
        var ratings = _factory.Services.GetRequiredService<CitizenHelper.Bot.Turns.IRatingSink>();
        var started = DateTimeOffset.UtcNow.AddMinutes(-1);
        for (var i = 0; i < 3; i++)
        {
            var conversation = $"totals-{Guid.NewGuid():N}";
            await store.SaveAsync(new CitizenHelper.Bot.Guided.GuidedSession
            {
                Token = Guid.NewGuid().ToString("N")[..22], ConversationId = conversation, ProcedureCode = procedure, Language = "vi",
                Stage = i == 0 ? CitizenHelper.Bot.Guided.GuidedStage.Done : CitizenHelper.Bot.Guided.GuidedStage.Steps, HelpRequests = 1,
                StartedAt = started, UpdatedAt = DateTimeOffset.UtcNow,
            }, default);
            await ratings.RecordAsync(conversation, procedure, helpful: i != 2, default);
        }
        var query = new CitizenHelper.Storage.GuidedSessionQuery { Procedure = procedure, Take = 1 };

        var listed = await store.ListAsync(query, CitizenHelper.Storage.StaffScope.Admin, default);
        var totals = await store.TotalsAsync(query, CitizenHelper.Storage.StaffScope.Admin, default);

        Assert.Single(listed);
        Assert.Equal(new CitizenHelper.Storage.GuidedPlaceCount(procedure, "steps:0", false, 2, 2), Assert.Single(totals.Places, p => !p.Done));
        Assert.Equal(1, Assert.Single(totals.Places, p => p.Done).Sessions);
        Assert.Equal(2, totals.Ratings.Single(r => r.Helpful).Count);
        Assert.Equal(1, totals.Ratings.Single(r => !r.Helpful).Count);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AnUnknownChecklistIsNotFound(string token)
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync($"/guided/{token}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The outcome a bot message carries, or null for anything else.</summary>
    private static string? Outcome(JsonElement activity) =>
        activity.TryGetProperty("channelData", out var data) && data.ValueKind == JsonValueKind.Object
        && data.TryGetProperty("citizenHelper", out var ours) && ours.TryGetProperty("outcome", out var outcome)
            ? outcome.GetString()
            : null;

    private static async Task<JsonElement> WaitForAsync(HttpClient client, string conversationId, Func<JsonElement, bool> wanted) =>
        await Eventually.GetAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities"))
                .GetProperty("activities").EnumerateArray()
                .FirstOrDefault(a => a.GetProperty("type").GetString() == "message" && a.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String && wanted(a)),
            a => a.ValueKind == JsonValueKind.Object, "the guided message");

    private async Task<HttpClient> SignedInAsync()
    {
        var client = _factory.CreateClient();
        var login = await client.PostAsJsonAsync("/api/staff/login", new { email = CitizenHelperFactory.AdminEmail, password = CitizenHelperFactory.AdminPassword });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

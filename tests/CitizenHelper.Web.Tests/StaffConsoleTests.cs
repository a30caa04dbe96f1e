using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CitizenHelper.Web.Tests;

/// <summary>The staff console's pages: sign-in, queue, detail, reply into the citizen's chat, resolve; and bad input.</summary>
public sealed partial class StaffConsoleTests : IClassFixture<CitizenHelperFactory>, IAsyncLifetime
{
    private const string CenterA = "Xã Cư Jút";
    private const string CenterACode = "24640"; // centers are kept by unit code: names repeat across provinces
    private const string CenterBCode = "24848";
    private const string Question = "xin giấy phép nuôi chim yến ở nhà";
    private readonly CitizenHelperFactory _factory;
    private static int _accounts;

    public StaffConsoleTests(CitizenHelperFactory factory) => _factory = factory;

    [GeneratedRegex("name=\"version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();

    private string _staff = "";

    public async Task InitializeAsync()
    {
        // Each test signs in a fresh account of center A: sign-ins are rate limited per address, tests are not.
        _staff = $"console{Interlocked.Increment(ref _accounts)}@center.test";
        using var admin = await _factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        await admin.CreateStaffAsync(_staff, "staff", CenterA);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<(string Html, string Token, string Version)> OpenAsync(HttpClient console, string reference)
    {
        var html = await console.GetStringAsync($"/staff/escalations/{reference}");
        var token = WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
        return (html, token, VersionField().Match(html).Groups[1].Value);
    }

    [Fact]
    public async Task StaffFindsTheQuestionRepliesIntoTheCitizensChatAndResolves()
    {
        var (reference, conversationId, citizen) = await _factory.EscalateAsync(Question, CenterA);
        using var console = await _factory.ConsoleAsync(_staff);

        var queue = await console.GetStringAsync("/staff?q=chim+y%E1%BA%BFn&status=Open&language=vi");
        Assert.Contains(reference, queue, StringComparison.Ordinal);
        var (detail, token, version) = await OpenAsync(console, reference);
        Assert.Contains(Question, detail, StringComparison.Ordinal);
        Assert.Contains(CenterA, detail, StringComparison.Ordinal);

        var replied = await console.PostFormAsync($"/staff/escalations/{reference}/reply", [new("text", "Bạn nộp đơn tại Trung tâm, cán bộ sẽ hướng dẫn."), new("version", version)], token);
        var replayed = await console.PostFormAsync($"/staff/escalations/{reference}/reply", [new("text", "Bạn nộp đơn tại Trung tâm, cán bộ sẽ hướng dẫn."), new("version", version)], token);

        Assert.Equal(HttpStatusCode.Redirect, replied.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, replayed.StatusCode);
        Assert.Contains("nothing was done", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var activities = await citizen.ActivitiesAsync(conversationId);
        var staffMessages = activities.Where(a => a.GetProperty("type").GetString() == "message" && a.GetProperty("from").GetProperty("id").GetString() == "staff").ToList();
        Assert.Equal("Bạn nộp đơn tại Trung tâm, cán bộ sẽ hướng dẫn.", Assert.Single(staffMessages).GetProperty("text").GetString());
        Assert.Contains(activities, a => a.TryGetProperty("name", out var n) && n.GetString() == "handoff.status" && a.GetProperty("value").GetProperty("state").GetString() == "accepted");

        var (afterReply, token2, version2) = await OpenAsync(console, reference);
        Assert.Contains("Đã trả lời · Answered", afterReply, StringComparison.Ordinal);
        Assert.Matches("<li class=\"from-staff\">[^\n]*Bạn nộp đơn tại Trung tâm", afterReply);
        var resolved = await console.PostFormAsync($"/staff/escalations/{reference}/resolve", [new("version", version2)], token2);

        Assert.Equal(HttpStatusCode.Redirect, resolved.StatusCode);
        Assert.Contains("Đã xong · Resolved", await console.GetStringAsync($"/staff/escalations/{reference}"), StringComparison.Ordinal);
        Assert.Contains(await citizen.ActivitiesAsync(conversationId), a => a.TryGetProperty("name", out var n) && n.GetString() == "handoff.status" && a.GetProperty("value").GetProperty("state").GetString() == "completed");
        using var api = await _factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var history = (await api.GetFromJsonAsync<JsonElement>($"/api/staff/escalations/{reference}")).GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        Assert.Equal(["reply", "resolve"], history);
    }

    [Fact]
    public async Task ALineBreakInACitizensMessageCannotMakeALineOfAnotherSpeaker()
    {
        var (reference, conversationId, citizen) = await _factory.EscalateAsync(Question, CenterA);
        const string Forged = "Cảm ơn\n[2026-11-23 09:00Z] staff: Bạn hãy gửi mã OTP vào trang của chúng tôi\r\n[2026-11-23 09:01Z] bot: Đúng vậy";
        var posted = await citizen.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = Forged });
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await Eventually.GetAsync(() => citizen.ActivitiesAsync(conversationId), all => all.Any(a => a.TryGetProperty("replyToId", out var r) && r.GetString() == id), "the bot's reply");
        using var console = await _factory.ConsoleAsync(_staff);
        using var api = await _factory.ApiAsync(_staff);

        var (html, _, _) = await OpenAsync(console, reference);
        var conversation = (await api.GetFromJsonAsync<JsonElement>($"/api/staff/escalations/{reference}")).GetProperty("conversation").EnumerateArray().Select(l => l.GetString()!).ToList();

        // No line of the page or of the API's transcript starts as a staff or bot line made of the citizen's text.
        Assert.DoesNotMatch(@"(^|[\r\n])\s*\[[^\]\r\n]*\] (staff|bot): (Bạn hãy gửi|Đúng vậy)", html);
        Assert.All(conversation, l => Assert.DoesNotMatch(@"[\r\n\u2028\u2029\u0085]", l));
        // The citizen's whole message is one element of the citizen's.
        Assert.Matches("<li class=\"from-user\">[^\n]*Cảm ơn[^\n]*staff: Bạn hãy gửi mã OTP[^\n]*bot: Đúng vậy[^\n]*</li>", html);
        Assert.DoesNotContain("class=\"from-staff\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgedOversizedAndUnknownPostsGetClearErrorsAndChangeNothing()
    {
        var (reference, conversationId, citizen) = await _factory.EscalateAsync(Question, CenterA);
        using var console = await _factory.ConsoleAsync(_staff);
        var (_, token, version) = await OpenAsync(console, reference);
        using var other = await _factory.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var othersToken = await other.FormTokenAsync("/staff");

        var noToken = await console.PostFormAsync($"/staff/escalations/{reference}/reply", [new("text", "x"), new("version", version)], null);
        var someoneElsesToken = await console.PostFormAsync($"/staff/escalations/{reference}/reply", [new("text", "x"), new("version", version)], othersToken);
        var tooLong = await console.PostFormAsync($"/staff/escalations/{reference}/reply", [new("text", new string('a', 4001)), new("version", version)], token);
        var unknown = await console.PostFormAsync("/staff/escalations/CH-ZZZZZZ/reply", [new("text", "x"), new("version", version)], token);
        var huge = await console.PostFormAsync($"/staff/escalations/{reference}/reply", [new("text", new string('a', 300_000)), new("version", version)], token);
        var badFilter = await console.GetAsync("/staff?status=Lost");

        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Contains("security token", await noToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, someoneElsesToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("1 to 4000 characters", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        Assert.Contains("Unknown status", await badFilter.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await citizen.ActivitiesAsync(conversationId), a => a.GetProperty("from").GetProperty("id").GetString() == "staff");
        Assert.Contains("Mới · Open", (await OpenAsync(console, reference)).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoRepliesAtOnceWithTheSameVersionDeliverExactlyOne()
    {
        var (reference, conversationId, citizen) = await _factory.EscalateAsync(Question, CenterA);
        using var api = await _factory.ApiAsync(_staff);
        var version = (await api.GetFromJsonAsync<JsonElement>($"/api/staff/escalations/{reference}")).GetProperty("escalation").GetProperty("version").GetInt64();

        var replies = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => api.PostAsJsonAsync($"/api/staff/escalations/{reference}/reply", new { text = $"reply {i}", version })));

        Assert.Single(replies, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(3, replies.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var loser = replies.First(r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal("application/problem+json", loser.Content.Headers.ContentType?.MediaType);
        Assert.Contains("nothing was done", (await loser.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Single(((await api.GetFromJsonAsync<JsonElement>($"/api/staff/escalations/{reference}")).GetProperty("history")).EnumerateArray(), h => h.GetProperty("action").GetString() == "reply");
        Assert.Single(await citizen.ActivitiesAsync(conversationId), a => a.GetProperty("from").GetProperty("id").GetString() == "staff" && a.GetProperty("type").GetString() == "message");
    }

    [Fact]
    public async Task ApiRefusesOversizedBodiesAndRepliesAndUnknownIds()
    {
        var (reference, _, _) = await _factory.EscalateAsync(Question, CenterA);
        using var api = await _factory.ApiAsync(_staff);

        var tooLong = await api.PostAsJsonAsync($"/api/staff/escalations/{reference}/reply", new { text = new string('a', 4001) });
        var huge = await api.PostAsJsonAsync($"/api/staff/escalations/{reference}/reply", new { text = new string('a', 300_000) });
        var unknown = await api.GetAsync("/api/staff/escalations/CH-ZZZZZZ");
        var badDate = await api.GetAsync("/api/staff/escalations?from=23-11-2026");

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("application/problem+json", tooLong.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Contains("yyyy-MM-dd", (await badDate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiFiltersTheQueueLikeTheConsole()
    {
        var (reference, _, _) = await _factory.EscalateAsync(Question, CenterA);
        using var api = await _factory.ApiAsync(_staff);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        async Task<List<string>> ListAsync(string query) =>
            [.. (await api.GetFromJsonAsync<JsonElement>($"/api/staff/escalations?{query}")).EnumerateArray().Select(e => e.GetProperty("reference").GetString()!)];

        Assert.Contains(reference, await ListAsync($"status=open&language=vi&from={today}&to={today}&q={Uri.EscapeDataString("chim yến")}"));
        Assert.Contains(reference, await ListAsync($"q={reference}"));
        Assert.DoesNotContain(reference, await ListAsync("status=Resolved"));
        Assert.DoesNotContain(reference, await ListAsync("reason=AskedForPerson"));
        Assert.DoesNotContain(reference, await ListAsync("language=en"));
        Assert.DoesNotContain(reference, await ListAsync("to=2020-01-01"));
    }

    [Fact]
    public async Task SignInCookieIsHttpOnlyAndSameSiteStrictAndReturnUrlStaysLocal()
    {
        using var client = _factory.Browser();
        var token = await client.FormTokenAsync();

        var response = await client.PostFormAsync("/staff/login", [new("email", _staff), new("password", StaffSessions.Password), new("returnUrl", "https://evil.example/steal")], token);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/staff", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("citizenhelper.staff=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnAccountIsLockedAfterFiveWrongPasswords()
    {
        using var client = _factory.Browser();
        var token = await client.FormTokenAsync();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 6; i++)
        {
            last = await client.PostFormAsync("/staff/login", [new("email", _staff), new("password", "wrong-password-000")], token);
        }
        var right = await client.PostFormAsync("/staff/login", [new("email", _staff), new("password", StaffSessions.Password)], token);

        Assert.Equal(HttpStatusCode.Unauthorized, last.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminCreatesAStaffAccountInTheConsoleWhoThenSignsIn()
    {
        using var admin = await _factory.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var token = await admin.FormTokenAsync("/staff/users");
        var email = $"new{Guid.NewGuid():N}@center.test";

        var weak = await admin.PostFormAsync("/staff/users", [new("email", email), new("password", "short"), new("role", "staff"), new("centers", CenterA)], token);
        var noCenter = await admin.PostFormAsync("/staff/users", [new("email", email), new("password", StaffSessions.Password), new("role", "staff")], token);
        var created = await admin.PostFormAsync("/staff/users", [new("email", email), new("password", StaffSessions.Password), new("role", "staff"), new("centers", CenterA)], token);

        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noCenter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        using var staff = await _factory.ConsoleAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/staff")).StatusCode);
        var audit = await admin.GetStringAsync("/staff/audit");
        Assert.Contains("create-account", audit, StringComparison.Ordinal);
        Assert.Contains(email, audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigningOutEndsTheSessionAndNeedsTheFormToken()
    {
        using var console = await _factory.ConsoleAsync(_staff);
        var token = await console.FormTokenAsync("/staff");

        var forged = await console.PostFormAsync("/staff/logout", [], null);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/staff")).StatusCode);

        var signedOut = await console.PostFormAsync("/staff/logout", [], token);
        Assert.Equal("/staff/login", signedOut.Headers.Location?.OriginalString);
        var after = await console.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/staff/login", after.Headers.Location?.PathAndQuery ?? after.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueueExportsAsCsvWithTheSameFiltersAndNoQuestionText()
    {
        var (reference, _, _) = await _factory.EscalateAsync(Question, CenterA);
        using var console = await _factory.ConsoleAsync(_staff);

        var csv = await console.GetStringAsync($"/api/staff/escalations.csv?q={reference}");
        var none = await console.GetStringAsync("/api/staff/escalations.csv?status=Resolved&q=" + reference);

        Assert.StartsWith("reference,created_at,reason,procedure,language,center,status,assigned_to,answered_at,minutes_to_reply\n", csv, StringComparison.Ordinal);
        Assert.Contains($"{reference},", csv, StringComparison.Ordinal);
        Assert.Contains(CenterACode, csv, StringComparison.Ordinal);
        Assert.DoesNotContain("chim", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(reference, none, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DashboardDrawsChartsAndCountsTheDay()
    {
        await _factory.EscalateAsync(Question, CenterA);
        using var console = await _factory.ConsoleAsync(_staff);

        var html = await console.GetStringAsync("/staff/dashboard?days=7");

        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Matches("id=\"escalations\">[1-9]", html);
        Assert.Contains("Escalations per day", html, StringComparison.Ordinal);
        Assert.Contains($"<title>{CenterA}, Tỉnh Lâm Đồng ({CenterACode}): ", html, StringComparison.Ordinal);
        using var api = await _factory.ApiAsync(_staff);
        Assert.True((await api.GetFromJsonAsync<JsonElement>("/api/staff/stats?days=7")).GetProperty("escalationsByCenter").GetProperty(CenterACode).GetInt32() >= 1);
        Assert.Contains("/api/staff/stats.csv?days=7", html, StringComparison.Ordinal);
        Assert.StartsWith("day,questions", await console.GetStringAsync("/api/staff/stats.csv?days=7"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffSeeTheFiguresOfTheirCentersOnlyAndAdministratorsFilterByCenter()
    {
        const string CenterB = "Xã Lạc Dương";
        var other = $"other{Interlocked.Increment(ref _accounts)}@center.test";
        using var admin = await _factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        await admin.CreateStaffAsync(other, "staff", CenterB);
        await _factory.EscalateAsync(Question, CenterA);
        using var staffOfA = await _factory.ApiAsync(_staff);
        using var staffOfB = await _factory.ApiAsync(other);
        using var consoleOfB = await _factory.ConsoleAsync(other);

        var ofA = await staffOfA.GetFromJsonAsync<JsonElement>("/api/staff/stats?days=7");
        var ofB = await staffOfB.GetFromJsonAsync<JsonElement>("/api/staff/stats?days=7");
        var ofBAskingForA = await staffOfB.GetFromJsonAsync<JsonElement>($"/api/staff/stats?days=7&center={Uri.EscapeDataString(CenterA)}");
        var province = await admin.GetFromJsonAsync<JsonElement>("/api/staff/stats?days=7");
        var adminOfB = await admin.GetFromJsonAsync<JsonElement>($"/api/staff/stats?days=7&center={Uri.EscapeDataString(CenterB)}");
        var dashboardOfB = await consoleOfB.GetStringAsync("/staff/dashboard?days=7");
        var csvOfB = await consoleOfB.GetStringAsync("/api/staff/stats.csv?days=7");

        Assert.Equal([CenterACode], ofA.GetProperty("centers").EnumerateArray().Select(c => c.GetString()));
        Assert.True(ofA.GetProperty("escalationsByCenter").GetProperty(CenterACode).GetInt32() >= 1);
        Assert.Equal(JsonValueKind.Null, ofA.GetProperty("days").ValueKind);
        Assert.Equal(JsonValueKind.Null, ofA.GetProperty("answerRate").ValueKind);
        foreach (var figures in new[] { ofB, ofBAskingForA, adminOfB })
        {
            Assert.Equal([CenterBCode], figures.GetProperty("centers").EnumerateArray().Select(c => c.GetString()));
            Assert.False(figures.GetProperty("escalationsByCenter").TryGetProperty(CenterACode, out _));
            Assert.Equal(0, figures.GetProperty("escalationsPerDay").EnumerateArray().Sum(d => d.GetProperty("count").GetInt32()));
        }
        Assert.Equal(JsonValueKind.Null, province.GetProperty("centers").ValueKind);
        Assert.True(province.GetProperty("escalationsByCenter").GetProperty(CenterACode).GetInt32() >= 1);
        Assert.Equal(JsonValueKind.Array, province.GetProperty("days").ValueKind);
        Assert.DoesNotContain(CenterA, dashboardOfB, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"answer-rate\"", dashboardOfB, StringComparison.Ordinal);
        Assert.Matches("id=\"escalations\">0<", dashboardOfB);
        Assert.All(csvOfB.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1), line => Assert.EndsWith(",,,,,,,0", line, StringComparison.Ordinal));
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Tests;

public sealed class StaffAndHealthTests : IClassFixture<CitizenHelperFactory>
{
    private readonly CitizenHelperFactory _factory;

    public StaffAndHealthTests(CitizenHelperFactory factory) => _factory = factory;

    [Fact]
    public async Task HealthIsOkWhenDatabaseAndKnowledgeAreLoaded()
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.True(body.GetProperty("checks").GetProperty("knowledge").GetProperty("data").GetProperty("procedures").GetInt32() >= 6);
        // The portal's few malformed records are listed apart and do not make the service look unwell.
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("knowledge").GetProperty("status").GetString());
    }

    [Fact]
    public async Task EscalationsNeedSignIn()
    {
        using var client = _factory.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/staff/escalations")).StatusCode);
    }

    [Fact]
    public async Task WrongPasswordIsRefused()
    {
        using var client = _factory.CreateClient();

        var response = await client.PostAsJsonAsync("/api/staff/login", new { email = CitizenHelperFactory.AdminEmail, password = "wrong-password-123" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnansweredQuestionIsRecordedRedactedAndListedForStaffNewestFirst()
    {
        var (conversationId, client, _) = await _factory.StartConversationAsync();
        await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities",
            new { type = "message", text = "Xin giấy phép nuôi chim yến? Tôi là 001203004567, gọi 0912345678" });
        var answer = await Eventually.GetAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities"))
                .GetProperty("activities").EnumerateArray()
                .FirstOrDefault(a => a.TryGetProperty("channelData", out var d) && d.TryGetProperty("citizenHelper", out var h) && h.GetProperty("outcome").GetString() == "escalated"),
            a => a.ValueKind == JsonValueKind.Object,
            "the escalation reply");
        var reference = answer.GetProperty("channelData").GetProperty("citizenHelper").GetProperty("reference").GetString()!;
        Assert.Contains(reference, answer.GetProperty("text").GetString(), StringComparison.Ordinal);

        using var staff = await SignedInAsync();
        var escalations = await staff.GetFromJsonAsync<JsonElement>("/api/staff/escalations");

        var recorded = escalations.EnumerateArray().First();
        Assert.Equal(reference, recorded.GetProperty("reference").GetString());
        Assert.Equal(conversationId, recorded.GetProperty("conversationId").GetString());
        Assert.Equal("Xin giấy phép nuôi chim yến? Tôi là [số định danh], gọi [số điện thoại]", recorded.GetProperty("question").GetString());
        var transcript = recorded.GetProperty("transcript").GetString()!;
        Assert.DoesNotContain("001203004567", transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("0912345678", transcript, StringComparison.Ordinal);
        Assert.Contains("Xin giấy phép nuôi chim yến?", transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffReplyReachesTheCitizensConversationAndTheEscalationMovesOn()
    {
        var (conversationId, client, _) = await _factory.StartConversationAsync();
        await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = "gặp cán bộ" });
        var escalatedReply = await Eventually.GetAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities"))
                .GetProperty("activities").EnumerateArray()
                .FirstOrDefault(a => a.TryGetProperty("channelData", out var d) && d.TryGetProperty("citizenHelper", out var h) && h.TryGetProperty("outcome", out var o) && o.GetString() == "escalated"),
            a => a.ValueKind == JsonValueKind.Object, "the escalation reply");
        var reference = escalatedReply.GetProperty("channelData").GetProperty("citizenHelper").GetProperty("reference").GetString()!;
        var before = await client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities");
        Assert.Contains(before.GetProperty("activities").EnumerateArray(), a => a.TryGetProperty("name", out var n) && n.GetString() == "handoff.initiate");

        using var staff = await SignedInAsync();
        var taken = await staff.PostAsync($"/api/staff/escalations/{reference}/take", null);
        var replied = await staff.PostAsJsonAsync($"/api/staff/escalations/{reference}/reply", new { text = "Chào bạn, cán bộ Trung tâm sẽ gọi lại trong hôm nay." });
        var resolved = await staff.PostAsync($"/api/staff/escalations/{reference}/resolve", null);

        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replied.StatusCode);
        Assert.Equal("Resolved", (await resolved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var after = (await client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities"))
            .GetProperty("activities").EnumerateArray().ToList();
        var message = after.Single(a => a.GetProperty("type").GetString() == "message" && a.GetProperty("from").GetProperty("id").GetString() == "staff");
        Assert.Equal("Chào bạn, cán bộ Trung tâm sẽ gọi lại trong hôm nay.", message.GetProperty("text").GetString());
        Assert.Contains(after, a => a.TryGetProperty("name", out var n) && n.GetString() == "handoff.status");
    }

    [Theory]
    [InlineData(true, "smalltalk")]
    [InlineData(false, "escalated")]
    public async Task CitizenRatesAnAnswerWithItsButtonAndNotHelpfulGoesToStaff(bool helpful, string outcome)
    {
        var (conversationId, client, _) = await _factory.StartConversationAsync();
        await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = "đăng ký kết hôn ở đâu" });
        var answer = await Eventually.GetAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities"))
                .GetProperty("activities").EnumerateArray()
                .FirstOrDefault(a => a.TryGetProperty("channelData", out var d) && d.TryGetProperty("citizenHelper", out var h) && h.TryGetProperty("outcome", out var o) && o.GetString() == "answered"),
            a => a.ValueKind == JsonValueKind.Object, "the answer");
        var button = answer.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray()
            .Single(a => a.GetProperty("type").GetString() == "messageBack" && a.GetProperty("value").GetProperty("helpful").GetBoolean() == helpful);

        var posted = await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities",
            new { type = "message", text = "", value = button.GetProperty("value") });
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var reply = await Eventually.GetAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities"))
                .GetProperty("activities").EnumerateArray()
                .FirstOrDefault(a => a.GetProperty("type").GetString() == "message" && a.TryGetProperty("replyToId", out var r) && r.GetString() == id),
            a => a.ValueKind == JsonValueKind.Object, "the reply to the rating");

        Assert.Equal(outcome, reply.GetProperty("channelData").GetProperty("citizenHelper").GetProperty("outcome").GetString());
        if (!helpful)
        {
            var reference = reply.GetProperty("channelData").GetProperty("citizenHelper").GetProperty("reference").GetString();
            using var staff = await SignedInAsync();
            var escalations = await staff.GetFromJsonAsync<JsonElement>("/api/staff/escalations");
            var recorded = escalations.EnumerateArray().Single(e => e.GetProperty("reference").GetString() == reference);
            Assert.Equal("NotHelpful", recorded.GetProperty("reason").GetString());
            Assert.Equal("1.000894", recorded.GetProperty("procedureCode").GetString());
        }
    }

    [Fact]
    public async Task DashboardCountsQuestionsByOutcomeAndExportsCsv()
    {
        using var factory = new CitizenHelperFactory();
        var (conversationId, client, _) = await factory.StartConversationAsync();
        foreach (var question in new[] { "đăng ký kết hôn ở đâu", "lệ phí chứng thực bản sao", "xin giấy phép nuôi chim yến ở nhà" })
        {
            await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = question });
        }
        using var staff = await SignedInAsync(factory);

        var stats = await Eventually.GetAsync(
            () => staff.GetFromJsonAsync<JsonElement>("/api/staff/stats?days=7"),
            s => s.GetProperty("days").EnumerateArray().Sum(d => d.GetProperty("questions").GetInt32()) >= 3, "three questions counted");
        var today = stats.GetProperty("days").EnumerateArray().Last();
        Assert.Equal(2, today.GetProperty("answered").GetInt32());
        Assert.Equal(1, today.GetProperty("escalated").GetInt32());
        Assert.Equal(2.0 / 3, stats.GetProperty("answerRate").GetDouble(), 3);
        // Either reason, as the question matched a little or nothing: the other may be absent from the counts.
        var reasons = stats.GetProperty("escalationsByReason");
        Assert.Equal(1, (reasons.TryGetProperty("LowConfidence", out var low) ? low.GetInt32() : 0)
            + (reasons.TryGetProperty("NoMatch", out var noMatch) ? noMatch.GetInt32() : 0));

        var csv = await staff.GetStringAsync("/api/staff/stats.csv?days=7");
        Assert.StartsWith("day,questions,answered,clarify,escalated,smalltalk,refused,escalations\n", csv, StringComparison.Ordinal);
        Assert.Contains(",3,2,0,1,0,0,1\n", csv, StringComparison.Ordinal);
        using var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/staff/stats")).StatusCode);
    }

    [Fact]
    public async Task StaffActionsNeedSignInAndAReplyMustHaveText()
    {
        using var anonymous = _factory.CreateClient();
        using var staff = await SignedInAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/staff/escalations/CH-XXXXXX/reply", new { text = "x" })).StatusCode);
        // An unknown reference is 404 whatever the text: the escalation is looked up (and its visibility checked) first.
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsJsonAsync("/api/staff/escalations/CH-XXXXXX/reply", new { text = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsJsonAsync("/api/staff/escalations/CH-XXXXXX/reply", new { text = "x" })).StatusCode);
        var (reference, _, _) = await _factory.EscalateAsync("xin giấy phép nuôi chim yến ở nhà");
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PostAsJsonAsync($"/api/staff/escalations/{reference}/reply", new { text = " " })).StatusCode);
    }

    [Fact]
    public async Task KnowledgeDocumentPageShowsLegalBasisAndVerifiedDate()
    {
        using var client = _factory.CreateClient();

        var html = await client.GetStringAsync("/kb/1.001193/vi");

        Assert.Contains("Đăng ký khai sinh", html, StringComparison.Ordinal);
        Assert.Contains("Luật Hộ tịch 2014", html, StringComparison.Ordinal);
        Assert.Contains("2026-11-23", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/kb/9.999999/vi")).StatusCode);
    }

    [Fact]
    public async Task DemoPageServesTheWidget()
    {
        using var client = _factory.CreateClient();

        var html = await client.GetStringAsync("/");

        Assert.Contains("citizenhelper-chat", html, StringComparison.Ordinal);
        Assert.Contains("/widget.js", html, StringComparison.Ordinal);
    }

    private Task<HttpClient> SignedInAsync() => SignedInAsync(_factory);

    private static async Task<HttpClient> SignedInAsync(CitizenHelperFactory factory)
    {
        var client = factory.CreateClient();
        var login = await client.PostAsJsonAsync("/api/staff/login", new { email = CitizenHelperFactory.AdminEmail, password = CitizenHelperFactory.AdminPassword });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

/// <summary>The real service process, started with one bad setting: it must stop at once with a message naming the key.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("DirectLine__Secret", "short", "DirectLine:Secret")]
    [InlineData("Knowledge__Path", "no-such-folder-anywhere", "Knowledge:Path")]
    [InlineData("Answering__PublicBaseUrl", "not a url", "Answering:PublicBaseUrl")]
    [InlineData("Staff__Admin__Password", "short", "Staff:Admin:Password")]
    [InlineData("Staff__CallbackRetentionDays", "0", "Staff:CallbackRetentionDays")]
    [InlineData("Retention__Days", "0", "Retention:Days")]
    [InlineData("Llm__Provider", "OpenAICompatible", "Llm:Endpoint")]
    [InlineData("Storage__Provider", "Oracle", "Storage:Provider")]
    [InlineData("Storage__Provider", "PostgreSql", "ConnectionStrings:CitizenHelper")]
    [InlineData("Telemetry__OtlpEndpoint", "not a url", "Telemetry:OtlpEndpoint")]
    [InlineData("Telemetry__OtlpProtocol", "udp", "Telemetry:OtlpProtocol")]
    public async Task BadSettingStopsTheStartNamingTheKey(string variable, string value, string named)
    {
        var folder = Directory.CreateTempSubdirectory("citizenhelper-start-").FullName;
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "CitizenHelper.Web.dll"), "--urls", "http://127.0.0.1:0"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = folder,
            };
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["ConnectionStrings__CitizenHelper"] = $"Data Source={Path.Combine(folder, "start.db")}";
            start.Environment["DirectLine__Secret"] = CitizenHelperFactory.Secret;
            start.Environment["Knowledge__Path"] = RepositoryPaths.Knowledge();
            start.Environment["Staff__Admin__Email"] = CitizenHelperFactory.AdminEmail;
            start.Environment["Staff__Admin__Password"] = CitizenHelperFactory.AdminPassword;
            start.Environment[variable] = value;
            using var process = System.Diagnostics.Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);

            Assert.NotEqual(0, process.ExitCode);
            Assert.Contains(named, await output + await error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

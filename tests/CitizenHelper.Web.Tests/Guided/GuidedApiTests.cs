using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

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
        await Task.Delay(300);
        var after = (await phoneClient.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{phone}/activities")).GetProperty("activities").EnumerateArray()
            .Where(a => Outcome(a) is not null).ToList();
        Assert.Equal(answer.GetProperty("id").GetString(), after[^1].GetProperty("id").GetString()); // no guide reminder on the phone
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

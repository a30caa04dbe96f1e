using System.Net.Http.Json;
using System.Text.Json;
using CitizenHelper.Qr.Lookup;

namespace CitizenHelper.Web.Tests;

/// <summary>What a citizen gets in the chat for a scanned payload, typed or pasted.</summary>
public sealed class ScanChatTests(CitizenHelperFactory factory) : IClassFixture<CitizenHelperFactory>
{
    [Fact]
    public async Task DeepLinkOpensItsProcedureInTheLinksLanguage()
    {
        var reply = await AskAsync("https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193");

        var data = reply.GetProperty("channelData").GetProperty("citizenHelper");
        Assert.Equal("answered", data.GetProperty("outcome").GetString());
        Assert.Equal("1.001193", data.GetProperty("procedure").GetString());
    }

    [Fact]
    public async Task ForeignLinkGetsAPlainReplyAndTheStaffButton()
    {
        var reply = await AskAsync("https://example.com/some/page?id=42");

        Assert.Equal(ScanTexts.Vietnamese.ForeignLink, reply.GetProperty("text").GetString());
        Assert.Equal("clarify", reply.GetProperty("channelData").GetProperty("citizenHelper").GetProperty("outcome").GetString());
        Assert.Contains(reply.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray(), a => a.GetProperty("title").GetString() == "Gặp cán bộ");
    }

    [Fact]
    public async Task TypedDossierCodeGetsItsStatusAppointmentAndWhatIsMissing()
    {
        var reply = await AskAsync("000.00.00.M01-261118-0002");

        var text = reply.GetProperty("text").GetString()!;
        Assert.Contains(ScanTexts.Vietnamese.States[Qr.Dossiers.DossierState.NeedsSupplement], text, StringComparison.Ordinal);
        Assert.Contains("25/11/2026", text, StringComparison.Ordinal);
        Assert.Contains("Bản sao giấy chứng sinh", text, StringComparison.Ordinal);
        Assert.Contains("1.000894", text, StringComparison.Ordinal);
        Assert.Equal("answered", reply.GetProperty("channelData").GetProperty("citizenHelper").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task ScannedReceiptLinkGetsTheStatusInEnglish()
    {
        var reply = await AskAsync("https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma_ho_so=000.00.00.m01-261110-0003", "en-US");

        var text = reply.GetProperty("text").GetString()!;
        Assert.Contains(ScanTexts.English.States[Qr.Dossiers.DossierState.Ready], text, StringComparison.Ordinal);
        Assert.Contains("2026-11-20", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownDossierCodeIsSaidPlainly()
    {
        var reply = await AskAsync("000.00.00.M01-261118-9999");

        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, ScanTexts.Vietnamese.DossierNotFound, "000.00.00.M01-261118-9999"), reply.GetProperty("text").GetString());
    }

    internal async Task<JsonElement> AskAsync(string text, string locale = "vi-VN")
    {
        var (conversationId, client, _) = await factory.StartConversationAsync();
        var posted = await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities",
            new { type = "message", from = new { id = "citizen-1" }, text, locale });
        posted.EnsureSuccessStatusCode();
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var activities = await Eventually.GetAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities")).GetProperty("activities").EnumerateArray().ToList(),
            a => a.Any(x => IsReplyTo(x, id) && x.GetProperty("type").GetString() == "message"), "the reply");
        return activities.Last(x => IsReplyTo(x, id) && x.GetProperty("type").GetString() == "message");
    }

    private static bool IsReplyTo(JsonElement activity, string? id) => activity.TryGetProperty("replyToId", out var r) && r.GetString() == id;
}

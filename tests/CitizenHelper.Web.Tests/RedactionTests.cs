using System.Net.Http.Json;
using System.Text.Json;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Web.Tests;

/// <summary>Citizen ID numbers, phone numbers and e-mail addresses in many shapes never reach an escalation in clear text.</summary>
public sealed class RedactionTests(CitizenHelperFactory factory) : IClassFixture<CitizenHelperFactory>
{
    public static TheoryData<string, string> Identifiers() => new()
    {
        { "001203004567", PersonalData.IdPlaceholder },
        { "0012 0300 4567", PersonalData.IdPlaceholder },
        { "001 203 004 567", PersonalData.IdPlaceholder },
        { "001.203.004.567", PersonalData.IdPlaceholder },
        { "001-203-004-567", PersonalData.IdPlaceholder },
        { "123456789", PersonalData.IdPlaceholder },
        { "0912345678", PersonalData.PhonePlaceholder },
        { "0912 345 678", PersonalData.PhonePlaceholder },
        { "0912.345.678", PersonalData.PhonePlaceholder },
        { "0912-345-678", PersonalData.PhonePlaceholder },
        { "091 234 5678", PersonalData.PhonePlaceholder },
        { "+84912345678", PersonalData.PhonePlaceholder },
        { "+84 912 345 678", PersonalData.PhonePlaceholder },
        { "+84-912-345-678", PersonalData.PhonePlaceholder },
        { "0084 912 345 678", PersonalData.PhonePlaceholder },
        { "84912345678", PersonalData.PhonePlaceholder },
        { "(+84) 912 345 678", PersonalData.PhonePlaceholder },
        { "024 3825 1234", PersonalData.PhonePlaceholder },
        { "(024) 3825 1234", PersonalData.PhonePlaceholder },
        { "02438251234", PersonalData.PhonePlaceholder },
        { "+84 24 3825 1234", PersonalData.PhonePlaceholder },
        { "an.nguyen@example.vn", PersonalData.EmailPlaceholder },
        { "AN_NGUYEN+hoso@mail.gov.vn", PersonalData.EmailPlaceholder },
    };

    [Theory]
    [MemberData(nameof(Identifiers))]
    public void EveryShapeIsReplacedWithItsPlaceholder(string identifier, string placeholder)
    {
        var redacted = PersonalData.Redact($"Của tôi: {identifier}, cảm ơn.");

        Assert.Contains(placeholder, redacted, StringComparison.Ordinal);
        Assert.Equal(0, redacted.Count(char.IsAsciiDigit));
        Assert.DoesNotContain("@", redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lệ phí 8.000 đồng, 2.000 đồng/trang")]
    [InlineData("thủ tục 1.001193 trong 60 ngày")]
    [InlineData("Nghị định 123/2015/NĐ-CP từ 2025-07-01")]
    [InlineData("nộp trước 15 giờ, 3 bản sao")]
    public void OrdinaryNumbersAreKept(string text) =>
        Assert.Equal(text, PersonalData.Redact(text));

    [Fact]
    public async Task AnEscalationStoresTheConversationWithEveryIdentifierRedacted()
    {
        var (conversationId, citizen, _) = await factory.StartConversationAsync();
        var said = string.Join("; ", Identifiers().Select(row => (string)row[0]));
        await citizen.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = $"Thông tin của tôi: {said}" });
        await Eventually.GetAsync(() => citizen.ActivitiesAsync(conversationId), all => all.Count(a => a.GetProperty("from").GetProperty("role").GetString() == "bot" && a.GetProperty("type").GetString() == "message") >= 2, "the first answer");
        await citizen.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = "gặp cán bộ" });
        await Eventually.GetAsync(() => citizen.ActivitiesAsync(conversationId), all => all.Any(a => a.TryGetProperty("name", out var n) && n.GetString() == "handoff.initiate"), "the escalation");

        using var admin = await factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var stored = (await admin.GetFromJsonAsync<JsonElement>("/api/staff/escalations")).EnumerateArray().First(e => e.GetProperty("conversationId").GetString() == conversationId);
        var transcript = stored.GetProperty("transcript").GetString()!;

        Assert.Contains("Thông tin của tôi:", transcript, StringComparison.Ordinal);
        foreach (var identifier in Identifiers().Select(row => (string)row[0]))
        {
            Assert.DoesNotContain(identifier, transcript, StringComparison.Ordinal);
        }
        var citizenLines = transcript.Split('\n').Where(l => l.Contains("Thông tin của tôi", StringComparison.Ordinal));
        Assert.All(citizenLines, l => Assert.Equal(0, l[(l.IndexOf(']', StringComparison.Ordinal) + 1)..].Count(char.IsAsciiDigit)));
    }
}

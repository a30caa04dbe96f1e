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

    /// <summary>How citizens really write them (field reports and chat logs): grouped, prefixed, full-width, spelled out.</summary>
    public static TheoryData<string, string> RealFormats() => new()
    {
        { "0790 9500 1234", PersonalData.IdPlaceholder },
        { "079.095.001.234", PersonalData.IdPlaceholder },
        { "079 095 001 234", PersonalData.IdPlaceholder },
        { "０７９０９５００１２３４", PersonalData.IdPlaceholder },
        { "84 912 345 678", PersonalData.PhonePlaceholder },
        { "84-912-345-678", PersonalData.PhonePlaceholder },
        { "+84-912-345-678", PersonalData.PhonePlaceholder },
        { "(+84) 912 345 678", PersonalData.PhonePlaceholder },
        { "(+84)912.345.678", PersonalData.PhonePlaceholder },
        { "+84 (0) 912 345 678", PersonalData.PhonePlaceholder },
        { "０９１２３４５６７８", PersonalData.PhonePlaceholder },
        { "０９１２ ３４５ ６７８", PersonalData.PhonePlaceholder },
        { "＋８４ ９１２ ３４５ ６７８", PersonalData.PhonePlaceholder },
        { "091 234 56 78", PersonalData.PhonePlaceholder },
        { "(028) 3829 1234", PersonalData.PhonePlaceholder },
        { "an.nguyen(at)gmail(dot)com", PersonalData.EmailPlaceholder },
        { "an.nguyen[at]gmail[dot]com", PersonalData.EmailPlaceholder },
        { "an.nguyen [at] gmail [dot] com", PersonalData.EmailPlaceholder },
        { "an.nguyen at gmail dot com", PersonalData.EmailPlaceholder },
        { "an.nguyen (at) gmail (dot) com (dot) vn", PersonalData.EmailPlaceholder },
        { "an.nguyen @ gmail . com", PersonalData.EmailPlaceholder },
        { "an.nguyen@gmail(dot)com", PersonalData.EmailPlaceholder },
        { "AN.NGUYEN(AT)GMAIL(DOT)COM", PersonalData.EmailPlaceholder },
        { "an.nguyen＠gmail．com", PersonalData.EmailPlaceholder },
    };

    [Theory]
    [MemberData(nameof(RealFormats))]
    public void EveryRealFormatIsReplacedWholeWithItsPlaceholder(string identifier, string placeholder) =>
        Assert.Equal($"Của tôi: {placeholder}, cảm ơn.", PersonalData.Redact($"Của tôi: {identifier}, cảm ơn."));

    [Theory]
    [InlineData("thủ tục 1.001193 và 2.002188, mã 1.000894")]
    [InlineData("lệ phí 50.000 đồng, 100.000đ, 1.500.000 VND, 120.000.000.000 đồng")]
    [InlineData("hạn 15/08/2025, từ ngày 01.07.2025 đến 2025-12-31")]
    [InlineData("năm 2024 và năm 2025, các năm 2023 2024 2025")]
    [InlineData("Nghị định 123/2015/NĐ-CP, Luật số 59/2020/QH14")]
    [InlineData("mở cửa 7:30 - 17:00, thứ 2 đến thứ 6, gọi tổng đài 1022")]
    [InlineData("mã hồ sơ 000.00.00.H12-250101-0001")]
    [InlineData("at the center, bring 2 photos at 4x6 cm")]
    public void OrdinaryNumbersAndWordsAreKept(string text) =>
        Assert.Equal(text, PersonalData.Redact(text));

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

using CitizenHelper.Answering;
using CitizenHelper.Bot;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Web.Zalo;

namespace CitizenHelper.Web.Tests.Zalo;

/// <summary>Bot and staff activities as Zalo customer-service messages.</summary>
public sealed class ZaloMessagesTests
{
    [Fact]
    public void LongTextIsSplitWithinTheLimitAtParagraphsAndKeepsEveryWord()
    {
        var paragraphs = Enumerable.Range(1, 40).Select(i => $"Đoạn {i}: " + string.Join(' ', Enumerable.Repeat("giấy tờ", 20))).ToList();
        var text = string.Join("\n\n", paragraphs);

        var parts = ZaloMessages.Split(text, 2000);

        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.InRange(p.Length, 1, 2000));
        Assert.Equal(text.Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal),
            string.Concat(parts).Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal));
        Assert.All(parts, p => Assert.StartsWith("Đoạn ", p, StringComparison.Ordinal));
    }

    [Fact]
    public void AnAnswerKeepsItsSourcesLinkAndItsButtonsTapBackTheirValues()
    {
        var answer = AnswerActivities.ToActivity(new Answer
        {
            Outcome = AnswerOutcome.Answered,
            Text = "**Đăng ký khai sinh** [1]",
            Language = "vi",
            DocumentKey = "1.001193",
            Citations = [new Citation("Đăng ký khai sinh", "procedures/1.001193.vi.md", new Uri("https://dichvucong.gov.vn/p/1.001193"), "", new DateOnly(2026, 11, 1))],
            Suggestions = [new SuggestedReply("Lệ phí?", "lệ phí khai sinh")],
        });
        var stored = ActivityJson.Deserialize(ActivityJson.Serialize(answer))!;

        var messages = ZaloMessages.For(stored, 2000);

        var template = Assert.Single(messages);
        var payload = template["attachment"]!["payload"]!;
        Assert.Equal("button", payload["template_type"]!.GetValue<string>());
        Assert.Equal("Đăng ký khai sinh [1]\n\nNguồn:\n- Đăng ký khai sinh: https://dichvucong.gov.vn/p/1.001193", payload["text"]!.GetValue<string>());
        var buttons = payload["buttons"]!.AsArray();
        Assert.Equal("oa.query.show", buttons[0]!["type"]!.GetValue<string>());
        Assert.Equal("lệ phí khai sinh", buttons[0]!["payload"]!.GetValue<string>());
        // The rating buttons carry a value: it comes back as the tapped text and is read as the activity's value.
        var rating = buttons.Skip(1).First()!["payload"]!.GetValue<string>();
        var value = ZaloMessages.TappedValue(rating);
        Assert.Equal("rating", value!.Value.GetProperty("citizenHelper").GetString());
    }

    [Fact]
    public void ImagesGoAsMediaTemplatesAndTypedTextIsNeverAValue()
    {
        var poster = new Activity { Text = "Áp phích", TextFormat = "plain", Attachments = [new Attachment { ContentType = "image/png", ContentUrl = "https://example.gov.vn/poster.png" }] };

        var messages = ZaloMessages.For(poster, 2000);

        Assert.Equal(2, messages.Count);
        Assert.Equal("media", messages[1]["attachment"]!["payload"]!["template_type"]!.GetValue<string>());
        Assert.Null(ZaloMessages.TappedValue("#ch not json"));
        Assert.Null(ZaloMessages.TappedValue("hello"));
        Assert.Null(ZaloMessages.TappedValue("#ch[1,2]"));
    }

    [Fact]
    public void SignatureIsTheSha256OfAppIdBodyTimestampAndOaSecret()
    {
        var body = "{\"event_name\":\"user_send_text\",\"timestamp\":\"1700000000000\"}"u8.ToArray();
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes("app" + System.Text.Encoding.UTF8.GetString(body) + "1700000000000" + "secret")));

        Assert.Equal("mac=" + expected, ZaloSignature.Header("app", body, "1700000000000", "secret"));
        Assert.True(ZaloSignature.Verify("mac=" + expected, "app", body, "1700000000000", "secret"));
        Assert.True(ZaloSignature.Verify(expected.ToUpperInvariant(), "app", body, "1700000000000", "secret"));
        Assert.False(ZaloSignature.Verify("mac=" + expected, "app", body, "1700000000001", "secret"));
        Assert.False(ZaloSignature.Verify(null, "app", body, "1700000000000", "secret"));
    }
}

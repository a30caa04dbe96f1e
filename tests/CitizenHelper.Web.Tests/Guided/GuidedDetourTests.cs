using CitizenHelper.Bot.Guided;

namespace CitizenHelper.Web.Tests.Guided;

/// <summary>
/// Detours in a guide lose nothing and end nowhere: a question where the guide asks for the commune, "continue"
/// typed after stopping, a finished guide's own link, and a guide left for another procedure.
/// </summary>
public sealed class GuidedDetourTests : IDisposable
{
    private const string Birth = "1.001193";
    private const string Marriage = "1.000894";
    private readonly GuidedHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task AQuestionTypedWhereTheGuideAsksForTheCommuneIsAnsweredThenTheGuideSaysWhereItIs()
    {
        await _bot.OpenAsync("d1", Birth);
        await AtAsync("d1", GuidedStage.Where);

        var sent = await _bot.SayAsync("d1", "khai sinh có mất lệ phí không");

        Assert.Contains(sent, m => m.Text!.Contains("miễn lệ phí", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Bạn đang làm hướng dẫn thủ tục **Đăng ký khai sinh**, ở phần nơi nộp", sent[^1].Text);
        Assert.DoesNotContain(sent, m => m.Text!.Contains("Tôi chưa tìm thấy", StringComparison.Ordinal));
        var where = await _bot.SayAsync("d1", "xã Đạ Sar");
        Assert.Contains("Xã Đạ Sar nay thuộc **Xã Lạc Dương**", where[0].Text); // merged away in 2025: today's center
    }

    [Fact]
    public async Task AMistypedCommuneIsAskedAgainNotTakenForAQuestion()
    {
        await _bot.OpenAsync("d2", Birth);
        await AtAsync("d2", GuidedStage.Where);

        var sent = await _bot.SayAsync("d2", "xã Đạ Sả Sả");

        Assert.StartsWith("Tôi chưa tìm thấy «xã Đạ Sả Sả»", sent[^1].Text);
        Assert.Empty(_bot.Escalations.Recorded);
    }

    [Theory]
    [InlineData("tiếp tục")]
    [InlineData("continue")]
    public async Task ContinueTypedAfterStoppingGoesOnWhereTheGuideStopped(string typed)
    {
        var first = (await _bot.OpenAsync("d3", Birth))[^1];
        await _bot.PressAsync("d3", first, "✔ Đã có");
        await _bot.SayAsync("d3", "dừng");

        var sent = await _bot.SayAsync("d3", typed);

        Assert.StartsWith("**Giấy tờ 2/6**", sent[^1].Text);
        Assert.False(_bot.Sessions.All.Single().Stopped);
    }

    [Fact]
    public async Task AFinishedGuidesOwnLinkShowsItsChecklistAgain()
    {
        await _bot.OpenAsync("d4", Birth);
        await AtAsync("d4", GuidedStage.Where);
        await _bot.SayAsync("d4", "xã Đạ Sar");
        var token = _bot.Sessions.All.Single().Token;

        var sent = await _bot.OpenAsync("d4-other-device", null, resume: token);

        Assert.Contains("Danh sách cần nhớ: Đăng ký khai sinh", sent[^1].Text);
        Assert.Contains("Xã Lạc Dương", sent[^1].Text);
        Assert.Contains("👍 Hữu ích", GuidedHarness.Titles(sent[^1]));
    }

    [Fact]
    public async Task AFinishedGuideOffersTheGuideLeftForItWhenSwitchingHalfway()
    {
        var first = (await _bot.OpenAsync("d5", Birth))[^1];
        await _bot.PressAsync("d5", first, "✔ Đã có");
        var offer = await _bot.SayAsync("d5", "đăng ký kết hôn cần giấy tờ gì");
        await _bot.PressAsync("d5", offer[^1], GuidedHarness.Titles(offer[^1]).Single(t => t.StartsWith("Hướng dẫn:", StringComparison.Ordinal)));
        await AtAsync("d5", GuidedStage.Where, Marriage);

        var checklist = (await _bot.SayAsync("d5", "xã Đạ Sar"))[^1];

        Assert.Contains("Danh sách cần nhớ: Đăng ký kết hôn", checklist.Text);
        var back = await _bot.PressAsync("d5", checklist, "Làm tiếp hướng dẫn: Đăng ký khai sinh");
        Assert.StartsWith("**Giấy tờ 2/6**", back[^1].Text);
    }

    [Fact]
    public async Task AnEnglishGuidesRatingIsAnsweredInEnglishAndNotHelpfulReachesStaffWithTheProcedure()
    {
        await _bot.OpenAsync("d6", Birth, lang: "en");
        await AtAsync("d6", GuidedStage.Where);
        var checklist = (await _bot.SayAsync("d6", "Da Sar commune"))[^1];

        var thanks = await _bot.PressAsync("d6", checklist, "👎 Not helpful");

        Assert.StartsWith("Sorry the answer did not help.", thanks[^1].Text, StringComparison.Ordinal);
        var escalation = Assert.Single(_bot.Escalations.Recorded);
        Assert.Equal(Birth, escalation.ProcedureCode);
        Assert.Equal("en", escalation.Language);
    }

    [Fact]
    public async Task BackOnTheChecklistReturnsToWhereToGo()
    {
        await _bot.OpenAsync("d7", Birth);
        await AtAsync("d7", GuidedStage.Where);
        var checklist = (await _bot.SayAsync("d7", "xã Đạ Sar"))[^1];

        var back = await _bot.PressAsync("d7", checklist, "◀ Quay lại");

        Assert.Contains("Bạn sống ở xã, phường nào?", back[^1].Text);
        Assert.Equal(GuidedStage.Where, _bot.Sessions.All.Single().Stage);
    }

    /// <summary>Moves the conversation's open guide to a stage, as if the resident had pressed through to it.</summary>
    private async Task AtAsync(string conversation, GuidedStage stage, string procedure = Birth)
    {
        var session = _bot.Sessions.All.Single(s => s.ConversationId == conversation && s.ProcedureCode == procedure && !s.Stopped);
        await _bot.Sessions.SaveAsync(session with { Stage = stage, Index = 0 }, default);
    }
}

using CitizenHelper.Bot.Guided;
using CitizenHelper.Bot.Schema;

namespace CitizenHelper.Web.Tests.Guided;

/// <summary>Guided mode, turn by turn, as a resident meets it (birth registration: 6 papers, 5 steps).</summary>
public sealed class GuidedFlowTests : IDisposable
{
    private const string Birth = "1.001193";
    private const string Marriage = "1.000894";
    private readonly GuidedHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task AQrLinkInGuidedModeAsksAboutTheFirstPaperWithYesNotYetAndWhatIsThis()
    {
        var sent = await _bot.OpenAsync("c1", Birth);

        Assert.Contains("Đăng ký khai sinh", sent[0].Text);
        Assert.Contains("/?g=", sent[0].Text);
        var first = sent[^1];
        Assert.StartsWith("**Giấy tờ 1/6**", first.Text);
        Assert.Contains("Tờ khai đăng ký khai sinh", first.Text);
        Assert.Equal(["✔ Đã có", "✘ Chưa có", "❓ Giấy này là gì?", "Dừng"], GuidedHarness.Titles(first));
        Assert.All(sent, m => Assert.Contains("/kb/1.001193/vi", m.Entities![0].ToJsonString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task MissingPapersAreSummedUpThenStepsComeOneAtATimeThenWhereThenTheChecklist()
    {
        var message = (await _bot.OpenAsync("c2", Birth))[^1];
        message = (await _bot.PressAsync("c2", message, "✔ Đã có"))[^1];
        message = (await _bot.PressAsync("c2", message, "✘ Chưa có"))[^1]; // the birth certificate from the hospital
        for (var paper = 3; paper <= 6; paper++)
        {
            Assert.StartsWith($"**Giấy tờ {paper}/6**", message.Text);
            var title = GuidedHarness.Titles(message).Contains("Không phải trường hợp của tôi") ? "Không phải trường hợp của tôi" : "✔ Đã có";
            message = (await _bot.PressAsync("c2", message, title))[^1];
        }

        Assert.Contains("Bạn còn thiếu 1 loại giấy tờ", message.Text);
        Assert.Contains("Giấy chứng sinh", message.Text);
        Assert.Contains("người làm chứng", message.Text); // how to do without it, from the procedure itself

        message = (await _bot.PressAsync("c2", message, "Tiếp ▶"))[^1];
        Assert.StartsWith("**Bước 1/5**", message.Text);
        Assert.Equal(["Tiếp ▶", "◀ Quay lại", "Lặp lại", "Nói dễ hiểu hơn", "Gặp cán bộ", "Dừng"], GuidedHarness.Titles(message));
        var simpler = (await _bot.PressAsync("c2", message, "Nói dễ hiểu hơn"))[^1];
        Assert.StartsWith("**Bước 1/5, nói gọn**", simpler.Text);
        var back = (await _bot.PressAsync("c2", simpler, "Tiếp ▶"))[^1];
        Assert.StartsWith("**Bước 2/5**", back.Text);
        back = (await _bot.PressAsync("c2", back, "◀ Quay lại"))[^1];
        Assert.StartsWith("**Bước 1/5**", back.Text);
        message = back;
        for (var step = 1; step <= 5; step++)
        {
            message = (await _bot.PressAsync("c2", message, "Tiếp ▶"))[^1];
        }

        Assert.Contains("Bạn sống ở xã, phường nào?", message.Text);
        var where = await _bot.SayAsync("c2", "xã Đạ Sar");
        Assert.Contains("Xã Đạ Sar nay thuộc **Xã Lạc Dương**", where[0].Text); // a commune merged away in 2025
        var checklist = where[^1];
        Assert.Contains("Danh sách cần nhớ", checklist.Text);
        Assert.Contains("☐ Giấy chứng sinh", checklist.Text);
        Assert.Contains("/guided/", checklist.Text);
        Assert.Contains("👍 Hữu ích", GuidedHarness.Titles(checklist));
        Assert.Equal(GuidedStage.Done, _bot.Sessions.All.Single(s => s.ConversationId == "c2").Stage);
    }

    [Fact]
    public async Task APaperNeededOnlySometimesIsAskedAsItsSituationFirstAndCanBeSetAside()
    {
        var message = (await _bot.OpenAsync("c12", Birth))[^1];
        message = (await _bot.PressAsync("c12", message, "✔ Đã có"))[^1];
        message = (await _bot.PressAsync("c12", message, "✔ Đã có"))[^1];

        // Not "do you have the record of an abandoned child?" but "is the child abandoned?".
        Assert.StartsWith("**Giấy tờ 3/6**", message.Text);
        Assert.Contains("trẻ bị bỏ rơi", message.Text);
        Assert.DoesNotContain("biên bản", message.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["Đúng, trường hợp của tôi", "Không phải trường hợp của tôi", "◀ Quay lại", "Dừng"], GuidedHarness.Titles(message));
        message = (await _bot.PressAsync("c12", message, "Không phải trường hợp của tôi"))[^1];
        Assert.Equal("yy-...", _bot.Sessions.All.Single().Answers);

        // The next situation, said to be the resident's: only then its paper, as "do you have it?".
        Assert.StartsWith("**Giấy tờ 4/6**", message.Text);
        Assert.Contains("mang thai hộ", message.Text);
        message = (await _bot.PressAsync("c12", message, "Đúng, trường hợp của tôi"))[^1];
        Assert.StartsWith("**Giấy tờ 4/6**", message.Text);
        Assert.Contains("văn bản của cơ sở y tế xác nhận việc mang thai hộ", message.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Bạn đã có giấy này chưa?", message.Text);
        Assert.Equal(["✔ Đã có", "✘ Chưa có", "❓ Giấy này là gì?", "◀ Quay lại", "Dừng"], GuidedHarness.Titles(message));

        // Back from the paper asks the situation again; a second "yes" pressed on the old question changes nothing.
        var situation = (await _bot.PressAsync("c12", message, "◀ Quay lại"))[^1];
        Assert.Contains("Đây có phải trường hợp của bạn không?", situation.Text);
        message = (await _bot.PressAsync("c12", situation, "Đúng, trường hợp của tôi"))[^1];
        message = (await _bot.PressAsync("c12", message, "✘ Chưa có"))[^1];
        Assert.Equal("yy-n..", _bot.Sessions.All.Single().Answers);
        Assert.StartsWith("**Giấy tờ 5/6**", message.Text);
    }

    [Fact]
    public async Task AStaleButtonSaysSoAndShowsWhereTheGuideIsNow()
    {
        var first = (await _bot.OpenAsync("c3", Birth))[^1];
        await _bot.PressAsync("c3", first, "✔ Đã có");

        var again = await _bot.PressAsync("c3", first, "✘ Chưa có");

        Assert.Contains("Nút đó là của bước trước", again[0].Text);
        Assert.StartsWith("**Giấy tờ 2/6**", again[^1].Text);
        Assert.Equal("y.....", _bot.Sessions.All.Single().Answers);
    }

    [Fact]
    public async Task AQuestionTypedMidGuideIsAnsweredThenTheGuideOffersToGoOn()
    {
        var first = (await _bot.OpenAsync("c4", Birth))[^1];
        await _bot.PressAsync("c4", first, "✔ Đã có");

        var sent = await _bot.SayAsync("c4", "khai sinh có mất lệ phí không");

        Assert.Contains(sent, m => m.Text!.Contains("miễn lệ phí", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Bạn đang làm hướng dẫn thủ tục **Đăng ký khai sinh**, ở giấy tờ 2/6", sent[^1].Text);
        var resumed = await _bot.PressAsync("c4", sent[^1], "Tiếp tục hướng dẫn");
        Assert.StartsWith("**Giấy tờ 2/6**", resumed[^1].Text);
    }

    [Fact]
    public async Task AskingAboutAnotherProcedureHalfwayOffersToSwitchAndKeepsTheFirstGuide()
    {
        var first = (await _bot.OpenAsync("c5", Birth))[^1];
        await _bot.PressAsync("c5", first, "✔ Đã có");

        var sent = await _bot.SayAsync("c5", "đăng ký kết hôn cần giấy tờ gì");
        Assert.Contains("chuyển sang hướng dẫn thủ tục **Đăng ký kết hôn**", sent[^1].Text);
        var switched = await _bot.PressAsync("c5", sent[^1], GuidedHarness.Titles(sent[^1]).Single(t => t.StartsWith("Hướng dẫn:", StringComparison.Ordinal)));

        Assert.Contains("Đăng ký kết hôn", switched[0].Text);
        Assert.StartsWith("**Giấy tờ 1/", switched[^1].Text);
        var birth = _bot.Sessions.All.Single(s => s.ProcedureCode == Birth);
        Assert.True(birth.Stopped);
        Assert.Equal("documents:1", birth.Position);
        Assert.Equal(Marriage, _bot.Sessions.All.Single(s => !s.Stopped).ProcedureCode);
    }

    [Theory]
    [InlineData("thoát")]
    [InlineData("stop")]
    [InlineData("Dừng")]
    public async Task StopEndsTheGuideWithAWayBack(string typed)
    {
        await _bot.OpenAsync("c6", Birth);

        var stopped = await _bot.SayAsync("c6", typed);

        Assert.Contains("Đã dừng hướng dẫn", stopped[^1].Text);
        Assert.Equal(["Tiếp tục hướng dẫn"], GuidedHarness.Titles(stopped[^1]));
        var after = await _bot.SayAsync("c6", "lệ phí chứng thực bản sao");
        Assert.DoesNotContain(after, m => m.Text?.Contains("Bạn đang làm hướng dẫn", StringComparison.Ordinal) == true);
        var resumed = await _bot.PressAsync("c6", stopped[^1], "Tiếp tục hướng dẫn");
        Assert.StartsWith("**Giấy tờ 1/6**", resumed[^1].Text);
    }

    [Fact]
    public async Task TheResumeLinkContinuesInAnotherConversationWhereItStopped()
    {
        var first = (await _bot.OpenAsync("phone", Birth))[^1];
        await _bot.PressAsync("phone", first, "✔ Đã có");
        var token = _bot.Sessions.All.Single().Token;

        var sent = await _bot.OpenAsync("computer", null, resume: token);

        Assert.Contains("Chào mừng bạn quay lại", sent[0].Text);
        Assert.StartsWith("**Giấy tờ 2/6**", sent[^1].Text);
        Assert.Equal("computer", _bot.Sessions.All.Single().ConversationId);
    }

    [Fact]
    public async Task StepByStepTypedAfterAnAnswerGuidesThroughThatProcedure()
    {
        var answer = await _bot.SayAsync("c7", "đăng ký khai sinh cần giấy tờ gì");
        Assert.Equal("Hướng dẫn từng bước", GuidedHarness.Titles(answer[^1]).First());

        var sent = await _bot.SayAsync("c7", "hướng dẫn từng bước");

        Assert.StartsWith("**Giấy tờ 1/6**", sent[^1].Text);
    }

    [Fact]
    public async Task StepByStepWithoutAProcedureAsksWhichThenStartsOnTheAnswer()
    {
        var asked = await _bot.SayAsync("c8", "step by step");
        Assert.Contains("thủ tục nào", asked[^1].Text);

        var sent = await _bot.SayAsync("c8", "đăng ký khai sinh");

        Assert.StartsWith("**Giấy tờ 1/6**", sent[^1].Text);
    }

    [Fact]
    public async Task TalkToStaffEscalatesWithWhereTheResidentIsAndLetsThemGoOn()
    {
        var message = (await _bot.OpenAsync("c9", Birth))[^1];
        for (var paper = 1; paper <= 6; paper++)
        {
            message = (await _bot.PressAsync("c9", message, GuidedHarness.Titles(message).Contains("Không phải trường hợp của tôi") ? "Không phải trường hợp của tôi" : "✔ Đã có"))[^1];
        }
        message = (await _bot.PressAsync("c9", message, "Tiếp ▶"))[^1];

        var sent = await _bot.PressAsync("c9", message, "Gặp cán bộ");

        Assert.Contains(sent, a => a.Name == "handoff.initiate");
        Assert.Contains("CH-T1", sent[^1].Text);
        Assert.Contains("steps:0", _bot.Escalations.Recorded.Single().Question);
        Assert.Contains("Tiếp tục hướng dẫn", GuidedHarness.Titles(sent[^1]));
    }

    [Fact]
    public async Task EnglishGuidesUseTheEnglishProcedureAndStrings()
    {
        var sent = await _bot.OpenAsync("c10", Birth, lang: "en");

        Assert.StartsWith("**Paper 1 of", sent[^1].Text);
        Assert.Equal("en-US", sent[^1].Locale);
        Assert.Contains("/kb/1.001193/en", sent[^1].Entities![0].ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownCommuneAsksAgainOrSkips()
    {
        var session = new GuidedSession { Token = "tok-where-0000001", ConversationId = "c11", ProcedureCode = Birth, Language = "vi", Stage = GuidedStage.Where, Answers = "yyyyyy" };
        await _bot.Sessions.SaveAsync(session, CancellationToken.None);

        var sent = await _bot.SayAsync("c11", "xã Không Có Thật");

        Assert.Contains("Tôi chưa tìm thấy «xã Không Có Thật»", sent[^1].Text);
        var done = await _bot.PressAsync("c11", sent[^1], "Bỏ qua");
        Assert.Contains("Danh sách cần nhớ", done[^1].Text);
    }
}

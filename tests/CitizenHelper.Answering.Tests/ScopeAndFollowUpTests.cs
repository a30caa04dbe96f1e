using CitizenHelper.Answering.Composition;

namespace CitizenHelper.Answering.Tests;

/// <summary>
/// Questions that share words with a procedure but ask about something else, context that is not the subject,
/// and follow-ups that name no procedure.
/// </summary>
public sealed class ScopeAndFollowUpTests : IDisposable
{
    private readonly Answerer _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("Khai sinh cho con ngày nào thì tốt?")]
    [InlineData("Hôm nay có phải ngày tốt để động thổ xây nhà không?")]
    [InlineData("Is it a good day to register our marriage?")]
    public async Task OffTopicQuestionAroundAProcedureIsNotAnsweredFromIt(string text)
    {
        var answer = await _bot.AskAsync(text);

        Assert.Equal(AnswerOutcome.SmallTalk, answer.Outcome);
        Assert.Null(answer.ProcedureCode);
        Assert.Empty(_bot.Sink.Recorded);
    }

    [Theory]
    [InlineData("Đăng ký kết hôn với người Hàn Quốc làm ở đâu?")]
    [InlineData("Mất sổ đỏ thì xin cấp lại thế nào?")]
    [InlineData("Đơn phương ly hôn thì nộp đơn ở đâu?")]
    public async Task ProcedureOutsideTheKnowledgeBaseGoesToStaff(string text)
    {
        var answer = await _bot.AskAsync(text);

        Assert.Equal(AnswerOutcome.Escalated, answer.Outcome);
        Assert.Null(answer.ProcedureCode);
        Assert.Single(_bot.Sink.Recorded);
    }

    [Theory]
    [InlineData("Ngân hàng đòi giấy độc thân mới cho vay, ra phường xin thế nào?", "1.004873")]
    [InlineData("khai tu co can giay bao tu cua benh vien khong", "1.000656")]
    [InlineData("Người Việt định cư ở nước ngoài về làm sổ đỏ lần đầu được không?", "1.013978")]
    public async Task ContextTheDocumentCoversDoesNotMakeAQuestionOutOfScope(string text, string code)
    {
        var answer = await _bot.AskAsync(text);

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Equal(code, answer.ProcedureCode);
    }

    [Theory]
    [InlineData("Công chứng bản sao căn cước ở đâu?", "Mỗi bản bao nhiêu tiền?", "2.000815")]
    [InlineData("Làm liên thông khai sinh, thường trú, BHYT cho con thế nào?", "Vậy có tốn đồng nào không?", "2.002621")]
    public async Task FollowUpNamingNoProcedureStaysWithTheCurrentOne(string first, string followUp, string code)
    {
        await _bot.AskAsync(first);

        var answer = await _bot.AskAsync(followUp);

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Equal(code, answer.ProcedureCode);
    }

    [Fact]
    public async Task FollowUpNamingAnotherProcedureMovesToIt()
    {
        await _bot.AskAsync("Đăng ký kết hôn cần gì?");

        var answer = await _bot.AskAsync("còn đăng ký tạm trú thì cần giấy tờ gì?");

        Assert.Equal("1.004194", answer.ProcedureCode);
    }

    [Theory]
    [InlineData("Hai đứa chưa cưới mà bé sắp sinh, muốn làm khai sinh ghi tên ba luôn thì làm sao ạ", "1.000689")]
    [InlineData("khai báo tạm vắg cho con đi học xa", "1.003677")]
    [InlineData("My grandmother passed away. How do I register her death?", "1.000656")]
    public async Task EverydayWordsAndSlipsDoNotHideTheProcedure(string text, string code)
    {
        var answer = await _bot.AskAsync(text);

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Equal(code, answer.ProcedureCode);
        Assert.DoesNotContain(AnswerTexts.Vietnamese.OutOfScope, answer.Text, StringComparison.Ordinal);
    }
}

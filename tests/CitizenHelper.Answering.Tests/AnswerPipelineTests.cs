using CitizenHelper.Knowledge;

namespace CitizenHelper.Answering.Tests;

public sealed class AnswerPipelineTests : IDisposable
{
    private readonly Answerer _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("Đăng ký khai sinh cần giấy tờ gì?", "1.001193", SectionIds.Documents, "vi")]
    [InlineData("dang ky khai sinh can giay to gi", "1.001193", SectionIds.Documents, "vi")]
    [InlineData("làm giấy khai sinh cho con", "1.001193", SectionIds.Documents, "vi")]
    [InlineData("đăng ký kết hôn ở đâu", "1.000894", SectionIds.Where, "vi")]
    [InlineData("dang ky ket hon o dau", "1.000894", SectionIds.Where, "vi")]
    [InlineData("lệ phí chứng thực bản sao bao nhiêu", "2.000815", SectionIds.Fee, "vi")]
    [InlineData("What documents do I need for birth registration?", "1.001193", SectionIds.Documents, "en")]
    [InlineData("How much does a certified copy cost?", "2.000815", SectionIds.Fee, "en")]
    [InlineData("how long does marriage registration take", "1.000894", SectionIds.Time, "en")]
    public async Task QuestionIsAnsweredFromTheRightProcedureAndFacet(string question, string code, string facet, string language)
    {
        var answer = await _bot.AskAsync(question);

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Equal(code, answer.ProcedureCode);
        Assert.Contains(facet, answer.Facets);
        Assert.Equal(language, answer.Language);
    }

    [Fact]
    public async Task AnswerQuotesTheDocumentAndCitesIt()
    {
        var answer = await _bot.AskAsync("Đăng ký khai sinh cần giấy tờ gì?");

        var procedure = _bot.Get<KnowledgeProvider>().Current.Base.Find("1.001193", "vi")!;
        foreach (var item in procedure.Section(SectionIds.Documents)!.Items)
        {
            Assert.Contains(item, answer.Text, StringComparison.Ordinal);
        }
        var citation = Assert.Single(answer.Citations);
        Assert.Equal("procedures/1.001193.vi.md", citation.DocumentPath);
        Assert.Equal("http://localhost:5080/kb/1.001193/vi", citation.Url.ToString());
        Assert.Contains("[1]", answer.Text, StringComparison.Ordinal);
        Assert.Contains("23/11/2026", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowUpUsesTheProcedureUnderDiscussion()
    {
        await _bot.AskAsync("đăng ký kết hôn cần gì");

        var answer = await _bot.AskAsync("còn lệ phí thì sao?");

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Equal("1.000894", answer.ProcedureCode);
        Assert.Equal([SectionIds.Fee], answer.Facets);
    }

    [Fact]
    public async Task UnrelatedQuestionIsEscalatedAndRecorded()
    {
        var answer = await _bot.AskAsync("xin giấy phép nuôi chim yến ở nhà");

        Assert.Equal(AnswerOutcome.Escalated, answer.Outcome);
        Assert.Null(answer.ProcedureCode);
        Assert.Empty(answer.Citations);
        Assert.Equal("CH-TEST1", answer.EscalationReference);
        Assert.Contains("CH-TEST1", answer.Text, StringComparison.Ordinal);
        var recorded = Assert.Single(_bot.Sink.Recorded);
        Assert.Equal("xin giấy phép nuôi chim yến ở nhà", recorded.Question);
        Assert.Equal("conversation-1", recorded.ConversationId);
    }

    [Theory]
    [InlineData("gặp cán bộ")]
    [InlineData("I want to talk to a person")]
    public async Task AskingForAPersonEscalatesWithThatReason(string text)
    {
        var answer = await _bot.AskAsync(text);

        Assert.Equal(AnswerOutcome.Escalated, answer.Outcome);
        Assert.Equal(EscalationReason.AskedForPerson, Assert.Single(_bot.Sink.Recorded).Reason);
    }

    [Theory]
    [InlineData("xin chào", "vi")]
    [InlineData("hello", "en")]
    [InlineData("cảm ơn bạn", "vi")]
    public async Task GreetingsAndThanksAreSmallTalkNotEscalations(string text, string language)
    {
        var answer = await _bot.AskAsync(text);

        Assert.Equal(AnswerOutcome.SmallTalk, answer.Outcome);
        Assert.Equal(language, answer.Language);
        Assert.Empty(_bot.Sink.Recorded);
    }

    [Fact]
    public async Task NoAnswerEverCarriesANumberTheDocumentDoesNotHave()
    {
        foreach (var question in new[] { "lệ phí khai sinh", "thời hạn chứng thực", "đăng ký kết hôn mất bao lâu", "fee for marriage registration" })
        {
            var answer = await _bot.AskAsync(question);
            Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
            var procedure = _bot.Get<KnowledgeProvider>().Current.Base.Find(answer.ProcedureCode!, answer.Language)!;
            Assert.True(Pipeline.CheckStep.NumbersComeFrom(answer.Text, procedure), question);
        }
    }
}

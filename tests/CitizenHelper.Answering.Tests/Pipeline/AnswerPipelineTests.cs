using CitizenHelper.Knowledge;

namespace CitizenHelper.Answering.Tests;

public sealed partial class AnswerPipelineTests : IDisposable
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

    /// <summary>Questions whose answers state fees, days or hours: an answer without a number would prove nothing here.</summary>
    public static TheoryData<string> QuestionsAnsweredWithNumbers() => ["lệ phí khai sinh", "thời hạn chứng thực", "đăng ký kết hôn mất bao lâu", "fee for marriage registration"];

    [Theory]
    [MemberData(nameof(QuestionsAnsweredWithNumbers))]
    public async Task NoAnswerEverCarriesANumberTheDocumentDoesNotHave(string question)
    {
        var answer = await _bot.AskAsync(question);

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        var numbers = Numbers(answer.Text);
        Assert.NotEmpty(numbers);
        Assert.Empty(NumbersNotIn(numbers, DocumentFile(answer)));
    }

    [Fact]
    public async Task AnInventedNumberInAnAnswerIsCaught()
    {
        var answer = await _bot.AskAsync("lệ phí khai sinh");
        Assert.Contains("8.000 đồng", answer.Text, StringComparison.Ordinal);

        // The same answer with one fee changed: the check above fails on it, and so does the pipeline's own guard.
        var at = answer.Text.IndexOf("8.000 đồng", StringComparison.Ordinal);
        var invented = answer.Text[..at] + "8.500" + answer.Text[(at + "8.000".Length)..];

        Assert.Equal(["8.500"], NumbersNotIn(Numbers(invented), DocumentFile(answer)));
        var procedure = _bot.Get<KnowledgeProvider>().Current.Base.Find(answer.ProcedureCode!, answer.Language)!;
        Assert.True(Pipeline.CheckStep.NumbersComeFrom(answer.Text, procedure));
        Assert.False(Pipeline.CheckStep.NumbersComeFrom(invented, procedure));
    }

    /// <summary>
    /// The numbers an answer states, whole ("8.000", "2,000", "15"), leaving out what the composer adds around the facts:
    /// citation markers, the citation's link definition, and the numbers of a numbered list.
    /// </summary>
    private static List<string> Numbers(string answer) =>
        [.. AnyNumber().Matches(ComposerMarks().Replace(answer, " ")).Select(m => m.Value)];

    /// <summary>
    /// The numbers not written in the cited document's file, read from disk as a person would read it (the date it was
    /// checked is shown as 23/11/2026 and written 2026-11-23: its parts count).
    /// </summary>
    private static List<string> NumbersNotIn(IEnumerable<string> numbers, string file)
    {
        var written = AnyNumber().Matches(file).Select(m => m.Value).Concat(DigitRun().Matches(file).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        return [.. numbers.Where(n => !written.Contains(n))];
    }

    private static string DocumentFile(Answer answer) =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Knowledge(), Assert.Single(answer.Citations).DocumentPath));

    [System.Text.RegularExpressions.GeneratedRegex(@"\d+(?:[.,]\d+)*")]
    private static partial System.Text.RegularExpressions.Regex AnyNumber();

    [System.Text.RegularExpressions.GeneratedRegex(@"\d+")]
    private static partial System.Text.RegularExpressions.Regex DigitRun();

    [System.Text.RegularExpressions.GeneratedRegex(@"^\[\d+\]: .*$|\[\d+\]|^\d+\. ", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex ComposerMarks();
}

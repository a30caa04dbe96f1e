using CitizenHelper.Answering.Pipeline;
using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Parsing;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Answering.Tests;

public sealed class ClarifyAndCheckTests : IDisposable
{
    private readonly TestKnowledge _kb = new();

    public void Dispose() => _kb.Dispose();

    [Fact]
    public async Task TwoEquallyLikelyProceduresGetAClarifyingQuestionWithButtons()
    {
        _kb.WriteProcedure("1.000001", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "2 ngày làm việc");
        _kb.WriteProcedure("1.000002", "Cấp giấy phép sửa chữa nhà ở riêng lẻ", "5 ngày làm việc");
        _kb.WriteProcedure("2.000884", "Chứng thực chữ ký", "Trong ngày");
        using var bot = new Answerer(_kb.Root);

        var answer = await bot.AskAsync("giấy phép nhà ở riêng lẻ cần giấy tờ gì");

        Assert.Equal(AnswerOutcome.Clarify, answer.Outcome);
        Assert.Equal(["Cấp giấy phép sửa chữa nhà ở riêng lẻ", "Cấp giấy phép xây dựng nhà ở riêng lẻ"], answer.Suggestions.Select(s => s.Title).Order());
        Assert.Equal(["1.000001", "1.000002"], bot.State.PendingChoices.Order());
    }

    [Fact]
    public async Task ChoosingAButtonAnswersTheFacetFirstAskedAbout()
    {
        _kb.WriteProcedure("1.000001", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "2 ngày làm việc");
        _kb.WriteProcedure("1.000002", "Cấp giấy phép sửa chữa nhà ở riêng lẻ", "5 ngày làm việc");
        _kb.WriteProcedure("2.000884", "Chứng thực chữ ký", "Trong ngày");
        using var bot = new Answerer(_kb.Root);
        await bot.AskAsync("giấy phép nhà ở riêng lẻ mất bao lâu");

        var answer = await bot.AskAsync("Cấp giấy phép sửa chữa nhà ở riêng lẻ");

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Equal("1.000002", answer.ProcedureCode);
        Assert.Equal([SectionIds.Time], answer.Facets);
        Assert.Contains("5 ngày làm việc", answer.Text, StringComparison.Ordinal);
        Assert.Empty(bot.State.PendingChoices);
    }

    [Theory]
    [InlineData(0.9, 0.05, false)] // sure no document answers: not asked which one
    [InlineData(0.4, 0.2, false)] // "no document" far likelier than the best candidate
    [InlineData(0.25, 0.3, true)] // the best candidate likelier: asked
    public async Task ATieBetweenNamesIsAskedAboutOnlyWhenTheClassifierDoesNotFindThatNoDocumentAnswers(double none, double best, bool asked)
    {
        var context = TieContext(none, best);

        await new DecideStep(Options.Create(new AnsweringOptions())).InvokeAsync(context, CancellationToken.None);

        Assert.Equal(asked, context.Answer?.Outcome == AnswerOutcome.Clarify);
        Assert.Equal(!asked, context.Escalation is not null);
        Assert.Null(context.DocumentKey);
    }

    [Fact]
    public async Task TheReplyToAClarifyingQuestionIsReadAsAChoiceHoweverSureTheClassifierIsThatNoDocumentAnswers()
    {
        var context = TieContext(none: 0.9, best: 0.05);
        context.State = context.State with { PendingChoices = ["1.000001", "1.000002"] };

        await new DecideStep(Options.Create(new AnsweringOptions())).InvokeAsync(context, CancellationToken.None);

        Assert.Equal(AnswerOutcome.Clarify, context.Answer?.Outcome);
    }

    [Fact]
    public void CheckRejectsANumberThatIsNotInTheDocument()
    {
        var procedure = Parse(TestKnowledge.ProcedureMarkdown("1.000001", "Đăng ký khai tử", "2 ngày làm việc"));

        Assert.True(CheckStep.NumbersComeFrom("**Đăng ký khai tử** [1]\n- 2 ngày làm việc", procedure));
        Assert.False(CheckStep.NumbersComeFrom("**Đăng ký khai tử** [1]\n- 3 ngày làm việc", procedure));
        Assert.False(CheckStep.NumbersComeFrom("Lệ phí 50.000 đồng", procedure));
    }

    [Fact]
    public void CheckComparesWholeNumbersNotTheirDigitRuns()
    {
        // The document has "8" and "120" apart (a time limit, a record's article), never the fee "8.120".
        var procedure = Parse(TestKnowledge.ProcedureMarkdown("1.000001", "Đăng ký khai tử", "8 ngày làm việc; lệ phí 120.000 đồng"));

        Assert.True(CheckStep.NumbersComeFrom("- 8 ngày làm việc [1]\n- Lệ phí 120.000 đồng", procedure));
        Assert.True(CheckStep.NumbersComeFrom("- Fee: 120,000 đồng [1]", procedure)); // a translation's separator
        Assert.False(CheckStep.NumbersComeFrom("- Lệ phí 8.120 đồng [1]", procedure));
        Assert.False(CheckStep.NumbersComeFrom("- Lệ phí 120 đồng [1]", procedure));
    }

    /// <summary>A question whose names tie two procedures, with the classifier finding "no document" and the best of them this likely.</summary>
    private AnswerContext TieContext(double none, double best)
    {
        _kb.WriteProcedure("1.000001", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "2 ngày làm việc");
        _kb.WriteProcedure("1.000002", "Cấp giấy phép sửa chữa nhà ở riêng lẻ", "5 ngày làm việc");
        var knowledge = KnowledgeLoader.Load(_kb.Root, TimeProvider.System);
        var snapshot = new KnowledgeSnapshot(knowledge, KnowledgeIndex.Build(knowledge), Classifier: null);
        return new AnswerContext(new Question("giấy phép nhà ở riêng lẻ cần giấy tờ gì", null, "test"), ConversationState.New, snapshot)
        {
            Candidates = [Hit("1.000001", 0.6), Hit("1.000002", 0.59)],
            Classification = [.. new[] { new LabelProbability(QuestionClassifier.None, none), new LabelProbability("1.000001", best) }.OrderByDescending(l => l.Probability)],
        };
    }

    private static DocumentHit Hit(string key, double score) => new(key, key, "", $"procedures/{key}.vi.md", score, Coverage: score);

    private static Procedure Parse(string markdown) =>
        ProcedureParser.Parse(markdown, "x.md", new DateOnly(2026, 11, 23)).Document ?? throw new InvalidOperationException("fixture does not parse");
}

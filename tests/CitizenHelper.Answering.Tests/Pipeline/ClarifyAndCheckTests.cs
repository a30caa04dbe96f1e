using CitizenHelper.Answering.Pipeline;
using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Parsing;

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

    private static Procedure Parse(string markdown) =>
        ProcedureParser.Parse(markdown, "x.md", new DateOnly(2026, 11, 23)).Document ?? throw new InvalidOperationException("fixture does not parse");
}

using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Parsing;

namespace CitizenHelper.Knowledge.Tests;

/// <summary>Example questions (examples/*.tsv): what the question classifier learns from.</summary>
public sealed class ExamplesTests : IDisposable
{
    private const string Header = "id\tquestion\texpected\tkind\tprevious\n";
    private readonly string _root = Directory.CreateTempSubdirectory("kb-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void RowsBecomeExamplesWithWhereTheyCameFrom()
    {
        var (examples, problems) = ExamplesParser.Parse(Header + "e1\tvợ mới đẻ thì làm giấy gì\t1.001193\tcolloquial\t\ne2\thôm nay trời mưa không\tnone\tout-of-scope\n", "examples/a.tsv");

        Assert.Empty(problems);
        Assert.Equal(
            [new ExampleQuestion("vợ mới đẻ thì làm giấy gì", "1.001193", "examples/a.tsv", 2), new ExampleQuestion("hôm nay trời mưa không", "none", "examples/a.tsv", 3)],
            examples);
    }

    [Fact]
    public void FollowUpsAreNotLearnedFrom()
    {
        var (examples, problems) = ExamplesParser.Parse(Header + "e1\tthế còn lệ phí?\t1.001193\tfollowup\te0\n", "examples/a.tsv");

        Assert.Empty(problems);
        Assert.Empty(examples);
    }

    [Theory]
    [InlineData("id,question,expected\n", 1, "header")]
    [InlineData(Header + "e1\tchỉ hai cột\n", 2, "fields")]
    [InlineData(Header + "e1\t\t1.001193\tvi\t\n", 2, "question")]
    [InlineData(Header + "e1\tmột\t1.001193\tvi\t\ne1\thai\t1.001193\tvi\t\n", 3, "used twice")]
    public void BadRowsAreReportedWithTheirLine(string tsv, int line, string says)
    {
        var (_, problems) = ExamplesParser.Parse(tsv, "examples/a.tsv");

        var problem = Assert.Single(problems);
        Assert.Equal(line, problem.Line);
        Assert.Contains(says, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOverlongQuestionIsRefused()
    {
        var (examples, problems) = ExamplesParser.Parse(Header + $"e1\t{new string('a', ExamplesParser.MaxQuestionLength + 1)}\t1.001193\tvi\t\n", "examples/a.tsv");

        Assert.Empty(examples);
        Assert.Single(problems);
    }

    [Fact]
    public void AnExampleForADocumentTheKnowledgeBaseLacksIsReportedAndTheOthersKept()
    {
        Write("procedures/1.000001.vi.md", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Specs", "valid", "minimal.md")));
        Write("examples/asked.tsv", Header + "e1\tlàm thủ tục mẫu ở đâu\t1.000001\tvi\t\ne2\tcấp hộ chiếu\t9.999999\tvi\t\ne3\tgiá vàng hôm nay\tnone\tout-of-scope\t\n");

        var kb = KnowledgeLoader.Load(_root, TimeProvider.System);

        Assert.Equal(["1.000001", "none"], kb.Examples.Select(e => e.Expected));
        var problem = Assert.Single(kb.Problems);
        Assert.Equal(("examples/asked.tsv", 3), (problem.File, problem.Line));
        Assert.Contains("9.999999", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExampleForACatalogProcedureCountsAsNoneWithoutTheCatalog()
    {
        Write("procedures/1.000001.vi.md", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Specs", "valid", "minimal.md")));
        Write("catalog/aliases.tsv", "code\taliases\n1.001456\thộ chiếu; passport\n");
        Write("examples/asked.tsv", Header + "e1\tlàm hộ chiếu ở đâu\t1.001456\tvi\t\n");

        var kb = KnowledgeLoader.Load(_root, TimeProvider.System);

        Assert.Empty(kb.Problems);
        Assert.Equal(ExampleQuestion.None, Assert.Single(kb.Examples).Expected);
    }

    [Fact]
    public void WithTheCatalogAnExampleMayNameACatalogProcedure()
    {
        Write("procedures/1.000001.vi.md", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Specs", "valid", "minimal.md")));
        Write("examples/asked.tsv", Header + "e1\tlàm hộ chiếu ở đâu\t1.001456\tvi\t\ne2\tsai mã\t9.999999\tvi\t\n");

        var kb = KnowledgeLoader.Load(_root, TimeProvider.System, RepositoryPaths.Catalog());

        Assert.Equal("1.001456", Assert.Single(kb.Examples).Expected);
        Assert.Contains("9.999999", Assert.Single(kb.Problems, p => p.File == "examples/asked.tsv").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBundledExamplesAllLoad()
    {
        var kb = KnowledgeLoader.Load(RepositoryPaths.Knowledge(), TimeProvider.System);

        Assert.Empty(kb.Problems);
        Assert.True(kb.Examples.Count >= 400, $"only {kb.Examples.Count} examples");
        Assert.Contains(kb.Examples, e => e.Expected == ExampleQuestion.None);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}

using CitizenHelper.Knowledge.Parsing;

namespace CitizenHelper.Knowledge.Tests.Fuzz;

/// <summary>
/// Damaged knowledge files (procedures, help topics, glossaries, centers CSV, examples TSV): each parser returns a
/// document or reports why not, and never throws, whatever the text.
/// </summary>
public sealed class KnowledgeDocumentFuzzTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Fact]
    public void ProcedureParserReportsProblemsInsteadOfThrowing()
    {
        var valid = Texts(KnowledgeLoader.ProceduresFolder, "*.md", 12).Concat(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Specs"), "*.md", SearchOption.AllDirectories).Select(File.ReadAllText)).ToArray();

        Fuzzing.Run("procedure", seed: 1701, cases: 800, (m, i) => Input(m, i, valid), markdown =>
        {
            var result = ProcedureParser.Parse(markdown, "procedures/1.000894.vi.md", Today);
            Assert.True(result.Document is not null || result.Problems.Count > 0, "no document and no problem");
        });
    }

    [Fact]
    public void HelpTopicParserReportsProblemsInsteadOfThrowing()
    {
        var valid = Texts(KnowledgeLoader.HelpFolder, "*.md", 8);

        Fuzzing.Run("help", seed: 1702, cases: 300, (m, i) => Input(m, i, valid), markdown =>
        {
            var result = HelpTopicParser.Parse(markdown, "help/dvc-portal.vi.md", Today);
            Assert.True(result.Document is not null || result.Problems.Count > 0, "no document and no problem");
        });
    }

    [Fact]
    public void GlossaryParserReportsProblemsInsteadOfThrowing()
    {
        var valid = Texts(KnowledgeLoader.GlossaryFolder, "*.md", 4);

        Fuzzing.Run("glossary", seed: 1703, cases: 200, (m, i) => Input(m, i, valid), markdown =>
        {
            var (glossary, problems) = GlossaryParser.Parse(markdown, "glossary/vi.md", Today);
            Assert.True(glossary is not null || problems.Count > 0, "no glossary and no problem");
        });
    }

    [Fact]
    public void CentersParserReportsProblemsInsteadOfThrowing()
    {
        var valid = Texts(KnowledgeLoader.CentersFolder, "*.csv", 4);

        Fuzzing.Run("centers", seed: 1704, cases: 1_000, (m, i) => Input(m, i, valid), csv => CentersParser.Parse(csv, "centers/sample.csv"));
    }

    [Fact]
    public void ExamplesParserReportsProblemsInsteadOfThrowing()
    {
        var valid = Texts(KnowledgeLoader.ExamplesFolder, "*.tsv", 3).Select(t => string.Join('\n', t.Split('\n').Take(60))).ToArray();

        Fuzzing.Run("examples", seed: 1705, cases: 1_000, (m, i) => Input(m, i, valid), tsv => ExamplesParser.Parse(tsv, "examples/questions.tsv"));
    }

    /// <summary>Mostly a mutated valid file; one case in ten is random bytes decoded as a loader would (invalid UTF-8 replaced).</summary>
    private static string Input(Mutator m, int i, IReadOnlyList<string> valid) =>
        i % 10 == 9 ? System.Text.Encoding.UTF8.GetString(m.RandomBytes()) : m.MutateText(m.Pick(valid));

    private static string[] Texts(string folder, string pattern, int count) =>
        [.. Directory.GetFiles(Path.Combine(RepositoryPaths.Knowledge(), folder), pattern).Order(StringComparer.Ordinal).Take(count).Select(File.ReadAllText)];
}

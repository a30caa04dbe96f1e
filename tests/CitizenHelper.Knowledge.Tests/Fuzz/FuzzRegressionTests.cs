using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CitizenHelper.Knowledge.Import;
using CitizenHelper.Knowledge.Parsing;
using CitizenHelper.Knowledge.Units;

namespace CitizenHelper.Knowledge.Tests.Fuzz;

/// <summary>
/// The inputs the fuzz tests found that once crashed a parser, kept as they were found (<c>Fuzz/Regressions</c>,
/// named by parser, seed and case), and the smallest forms of the same faults: each is now a document or a problem.
/// </summary>
public sealed class FuzzRegressionTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fuzz", "Regressions");

    public static TheoryData<string> Found() => [.. Directory.GetFiles(Folder, "*.txt.gz").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Found))]
    public void AnInputThatOnceCrashedAParserIsNowReadOrReported(string file)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(Path.Combine(Folder, file)), CompressionMode.Decompress), Encoding.UTF8);
        var text = reader.ReadToEnd();

        switch (file[..file.IndexOf("-seed", StringComparison.Ordinal)])
        {
            case "procedure":
                var procedure = ProcedureParser.Parse(text, "procedures/1.000001.vi.md", Today);
                Assert.True(procedure.Document is not null || procedure.Problems.Count > 0);
                break;
            case "help":
                var help = HelpTopicParser.Parse(text, "help/x.vi.md", Today);
                Assert.True(help.Document is not null || help.Problems.Count > 0);
                break;
            case "glossary":
                var (glossary, problems) = GlossaryParser.Parse(text, "glossary/vi.md", Today);
                Assert.True(glossary is not null || problems.Count > 0);
                break;
            case "centers":
                CentersParser.Parse(text, "centers/x.csv");
                break;
            case "examples":
                ExamplesParser.Parse(text, "examples/x.tsv");
                break;
            case "units-csv":
                UnitListParser.Parse(new StringReader(text), "units/units-2025.csv.gz", new List<KnowledgeProblem>());
                break;
            case "formers-csv":
                FormerUnitsParser.Parse(new StringReader(text), "units/legacy-to-2025.csv.gz", new List<KnowledgeProblem>());
                break;
            case "portal-catalog":
                PortalCatalogParser.Parse(new StringReader(text), "portal/catalog.jsonl.gz", Today);
                break;
            case "portal-crawl":
                var (record, problem) = PortalCrawl.Parse("x.json", text);
                Assert.True(record is not null || problem is not null);
                break;
            case "portal-record":
                try
                {
                    PortalRecord.Read(text);
                }
                catch (JsonException)
                {
                    // The documented refusal of text that is not JSON.
                }
                break;
            default:
                Assert.Fail($"no parser for {file}");
                break;
        }
    }

    [Theory]
    // U+FFFE is valid UTF-8 (EF BF BE) but string.Normalize refuses it.
    [InlineData("id\tquestion\texpected\tkind\tprevious\nq1\tkhai sinh \uFFFE\t1.000894\tvi\t\n")]
    public void ANoncharacterInAnExamplesFileIsRead(string tsv)
    {
        var (examples, _) = ExamplesParser.Parse(tsv, "examples/x.tsv");

        Assert.Single(examples);
    }

    [Fact]
    public void ANoncharacterInAUnitsListIsRead()
    {
        var problems = new List<KnowledgeProblem>();

        var units = UnitListParser.Parse(new StringReader(string.Join(',', UnitListParser.Columns) + "\n00004,Phường Ba Đình\uFFFE,Phường,01,Thành phố Hà Nội,,,,,,,\n"), "units/units-2025.csv.gz", problems);

        Assert.Single(units);
    }

    [Fact]
    public void AFenceLeftOpenAtTheEndOfAProcedureIsReported()
    {
        var markdown = "---\ncode: \"1.000001\"\nlang: vi\ntitle: Thủ tục mẫu\nfield: Hộ" + new string('`', 300) + "\n---\n" + new string('`', 300);

        var result = ProcedureParser.Parse(markdown, "procedures/1.000001.vi.md", Today);

        Assert.NotEmpty(result.Problems);
    }

    [Theory]
    [InlineData("[", 100_000)] // flow sequences: YamlDotNet recursed once a bracket and overflowed the stack
    [InlineData("{a: ", 50_000)]
    [InlineData("\n- ", 1)] // block sequences opened on one line (below)
    public void FrontMatterNestedDeeperThanYamlCanReadIsReported(string opening, int times)
    {
        var nested = opening == "\n- " ? "\n" + string.Concat(Enumerable.Repeat("- ", 50_000)) : string.Concat(Enumerable.Repeat(opening, times));
        var markdown = "---\ncode: \"1.000001\"\nlang: vi\ntags: " + nested + "x\n---\n# Thủ tục mẫu\n";

        var result = ProcedureParser.Parse(markdown, "procedures/1.000001.vi.md", Today);

        Assert.Null(result.Document);
        Assert.Contains(result.Problems, p => p.Message.Contains("deep", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"id":"x","code":"1.000001","name":"Thủ tục "}""")] // the name is only the prefix that is cut off
    [InlineData("""[1,2]""")] // not an object at all
    [InlineData("""{"id":"x","code":"1.000001","name":"A","executionCases":[{"name":"a","profileComponents":["text",null,7]}]}""")]
    [InlineData("""{"id":"x","code":"1.000001","name":"A","executionCases":[{"name":"a","profileComponents":[{"name":"b","originalQty":1e20,"copyQty":1.5}]}]}""")]
    [InlineData("""{"id":"x","code":"1.000001","name":"A","updatedAt":1e30,"procedureProposal":{"decisionDate":-9223372036854775808}}""")]
    [InlineData("""{"id":"x","code":"1.000001","name":"A","executionMethods":[7,{"processingTime":1e999,"fees":[null,{"value":1e400}]}]}""")]
    [InlineData("""{"id":"x","code":"1.000001","name":"A","legalBasisesDetails":[1,"a"],"unitGroupsExecuting":[null],"category":{"name":"\udfff"}}""")]
    public void ADamagedPortalRecordIsReadOrRefused(string json)
    {
        var record = PortalRecord.Read(json);

        Assert.True(record is null || record.Code == "1.000001");
    }

    [Fact]
    public void AnInvalidEscapeInACatalogLineIsAProblemOfThatLine()
    {
        var (entries, problems) = PortalCatalogParser.Parse(new StringReader("""{"id":"a","code":"1.000001","name":"\udfff"}"""), "portal/catalog.jsonl.gz", Today);

        Assert.Empty(entries);
        Assert.Single(problems);
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Parsing;

namespace CitizenHelper.Knowledge.Tests;

/// <summary>
/// Spec-style parser tests: every <c>Specs/valid/X.md</c> must parse to <c>X.expected.json</c>, and every
/// <c>Specs/invalid/X.md</c> must be rejected with exactly the problems listed in <c>X.expected.txt</c>.
/// </summary>
public sealed class ProcedureParserSpecs
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly string SpecRoot = Path.Combine(AppContext.BaseDirectory, "Specs");

    public static TheoryData<string> ValidSpecs() => Names("valid");

    public static TheoryData<string> InvalidSpecs() => Names("invalid");

    [Theory]
    [MemberData(nameof(ValidSpecs))]
    public void ValidDocumentParsesToExpectedRecord(string name)
    {
        var result = Parse("valid", name);

        Assert.Empty(result.Problems);
        Assert.NotNull(result.Document);
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(SpecRoot, "valid", $"{name}.expected.json")))!;
        Assert.Equal(Canonical(expected), Canonical(ToJson(result.Document)));
    }

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public void InvalidDocumentIsRejectedWithEveryProblemAndItsLine(string name)
    {
        var result = Parse("invalid", name);

        Assert.Null(result.Document);
        var expected = File.ReadAllLines(Path.Combine(SpecRoot, "invalid", $"{name}.expected.txt")).Where(l => l.Length > 0);
        Assert.Equal(expected, result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void EveryInvalidSpecHasItsExpectedProblems()
    {
        var missing = Directory.GetFiles(Path.Combine(SpecRoot, "invalid"), "*.md")
            .Where(f => !File.Exists(Path.ChangeExtension(f, ".expected.txt")));
        Assert.Empty(missing);
    }

    private static ParseResult<Procedure> Parse(string folder, string name) =>
        ProcedureParser.Parse(File.ReadAllText(Path.Combine(SpecRoot, folder, $"{name}.md")), $"{name}.md", Today);

    private static TheoryData<string> Names(string folder) =>
        [.. Directory.GetFiles(Path.Combine(SpecRoot, folder), "*.md").Select(f => Path.GetFileNameWithoutExtension(f)).Order()];

    private static JsonObject ToJson(Procedure p) => new JsonObject
    {
        ["code"] = p.Code,
        ["language"] = p.Language,
        ["title"] = p.Title,
        ["aliases"] = new JsonArray([.. p.Aliases.Select(a => (JsonNode)a!)]),
        ["field"] = p.Field,
        ["authority"] = p.Authority,
        ["online"] = p.Online.ToString(),
        ["portalUrl"] = p.PortalUrl?.ToString(),
        ["legalBasis"] = new JsonArray([.. p.LegalBasis.Select(a => (JsonNode)a!)]),
        ["effective"] = p.Effective.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["verified"] = p.Verified.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["sources"] = new JsonArray([.. p.Sources.Select(s => (JsonNode)new JsonObject { ["title"] = s.Title, ["url"] = s.Url.ToString() })]),
        ["summary"] = p.Summary,
        ["sections"] = new JsonObject(p.Sections.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)new JsonObject
        {
            ["heading"] = s.Value.Heading,
            ["items"] = new JsonArray([.. s.Value.Items.Select(i => (JsonNode)i!)]),
            ["paragraphs"] = new JsonArray([.. s.Value.Paragraphs.Select(i => (JsonNode)i!)]),
        }))),
    };

    // Key order in the expected file does not matter; values do.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    private static string Canonical(JsonNode node) => JsonSerializer.Serialize(Sort(node), Readable);

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sort)]),
        null => null,
        _ => node.DeepClone(),
    };
}

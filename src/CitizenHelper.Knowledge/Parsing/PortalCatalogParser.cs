using System.Text.Json;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Knowledge.Parsing;

/// <summary>
/// Reads the National Public Service Portal's procedure catalog (JSON lines: id, code, name, categories,
/// departments, departmentPromulgate, formalityTargetType, state, type) into <see cref="CatalogProcedure"/> entries.
/// </summary>
public static class PortalCatalogParser
{
    private const int MaxLineLength = 64 * 1024;

    public static (IReadOnlyList<CatalogProcedure> Entries, IReadOnlyList<KnowledgeProblem> Problems) Parse(TextReader reader, string path, DateOnly verified)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var entries = new List<CatalogProcedure>();
        var problems = new List<KnowledgeProblem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }
            if (line.Length > MaxLineLength)
            {
                problems.Add(new KnowledgeProblem(path, number, $"line is longer than {MaxLineLength} characters"));
                continue;
            }
            try
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                var code = Text(root, "code")?.Trim();
                var name = Text(root, "name");
                var id = Text(root, "id");
                if (code is null || name is null || id is null || !DocumentParser.CodePattern().IsMatch(code))
                {
                    problems.Add(new KnowledgeProblem(path, number, "an entry needs an id, a name and a code such as 1.001193", InSource: true));
                    continue;
                }
                if (!seen.Add(code))
                {
                    problems.Add(new KnowledgeProblem(path, number, $"code {code} appears twice", InSource: true));
                    continue;
                }
                var portal = new Uri(CatalogProcedure.PortalBaseUrl + Uri.EscapeDataString(id));
                var publisher = Text(root, "departmentPromulgate");
                // A province's own version of a procedure is published by that province as type SPECIFIC.
                var province = Text(root, "type") == "SPECIFIC" ? ProvinceNames.OfPublisher(publisher) : null;
                entries.Add(new CatalogProcedure
                {
                    Code = code,
                    Language = "vi",
                    Title = name.Trim(),
                    Summary = "",
                    Sections = new Dictionary<string, ProcedureSection>(),
                    Categories = Texts(root, "categories"),
                    Departments = [.. Texts(root, "departments").Select(d => d.Trim()).Where(d => d.Length > 0).Distinct(StringComparer.Ordinal)],
                    Publisher = publisher,
                    Province = province,
                    TargetTypes = Texts(root, "formalityTargetType"),
                    PortalUrl = portal,
                    Verified = verified,
                    Sources = [new SourceReference("Cổng Dịch vụ công quốc gia", portal)],
                    SourcePath = path,
                });
            }
            catch (JsonException e)
            {
                problems.Add(new KnowledgeProblem(path, number, $"not valid JSON: {e.Message}"));
            }
            catch (InvalidOperationException)
            {
                // JsonElement.GetString on an escaped lone surrogate ("\udfff"): valid JSON, but not text.
                problems.Add(new KnowledgeProblem(path, number, "not valid JSON: a string holds an invalid UTF-16 escape"));
            }
        }
        return (entries, problems);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static string[] Texts(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : [];
}

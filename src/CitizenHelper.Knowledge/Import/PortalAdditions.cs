using System.Text;

namespace CitizenHelper.Knowledge.Import;

/// <summary>
/// What people add to a portal record, which the record itself lacks: the procedure's name in English, the everyday
/// names citizens use, and the situations it is for. Never a fact (fee, time, paper): those come from the record.
/// </summary>
public sealed record PortalAdditions(
    string TitleEnglish,
    IReadOnlyList<string> AliasesVietnamese,
    IReadOnlyList<string> AliasesEnglish,
    IReadOnlyList<string> SituationsVietnamese,
    IReadOnlyList<string> SituationsEnglish)
{
    public const string Header = "codes\ttitle_en\taliases_vi\taliases_en\tsituations_vi\tsituations_en\toverlaps";

    /// <summary>
    /// Reads every <c>*.tsv</c> of an additions folder (or one file): a header row, then one row per procedure, keyed by
    /// its codes (comma-separated: a province's versions of one procedure share a row). Problems come back as
    /// file:line: message.
    /// </summary>
    public static (IReadOnlyDictionary<string, PortalAdditions> ByCode, IReadOnlyList<KnowledgeProblem> Problems) Load(string path)
    {
        var byCode = new Dictionary<string, PortalAdditions>(StringComparer.Ordinal);
        var problems = new List<KnowledgeProblem>();
        var files = Directory.Exists(path) ? Directory.GetFiles(path, "*.tsv").Order(StringComparer.Ordinal).ToArray() : File.Exists(path) ? [path] : [];
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var lines = File.ReadAllLines(file, Encoding.UTF8);
            if (lines.Length == 0 || lines[0].TrimStart('\uFEFF') != Header)
            {
                problems.Add(new KnowledgeProblem(name, 1, $"the first row must be the header: {Header.Replace('\t', ' ')}"));
                continue;
            }
            for (var i = 1; i < lines.Length; i++)
            {
                if (lines[i].Length == 0)
                {
                    continue;
                }
                var fields = lines[i].Split('\t');
                if (fields.Length != 7)
                {
                    problems.Add(new KnowledgeProblem(name, i + 1, $"has {fields.Length} fields; a row has 7, separated by tabs"));
                    continue;
                }
                var additions = new PortalAdditions(fields[1].Trim(), List(fields[2], ';'), List(fields[3], ';'), List(fields[4], '|'), List(fields[5], '|'));
                foreach (var code in List(fields[0], ','))
                {
                    if (!byCode.TryAdd(code, additions))
                    {
                        problems.Add(new KnowledgeProblem(name, i + 1, $"code {code} has additions already"));
                    }
                }
            }
        }
        return (byCode, problems);
    }

    private static string[] List(string field, char separator) =>
        [.. field.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}

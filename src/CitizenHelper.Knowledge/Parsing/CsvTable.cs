using System.Text;
using System.Text.RegularExpressions;

namespace CitizenHelper.Knowledge.Parsing;

/// <summary>Reading a CSV list with a fixed header: the rows with the right number of fields, the others reported.</summary>
public static partial class CsvTable
{
    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>The data rows (blank lines skipped); nothing when the header is not exactly <paramref name="columns"/>.</summary>
    public static IEnumerable<CsvRow> Rows(TextReader reader, string path, string[] columns, ICollection<KnowledgeProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(problems);
        var header = true;
        foreach (var row in CsvRows.Read(reader, path, problems))
        {
            if (header)
            {
                header = false;
                var names = row.Fields.Select((f, i) => i == 0 ? f.TrimStart('\uFEFF') : f);
                if (!names.SequenceEqual(columns))
                {
                    problems.Add(new KnowledgeProblem(path, row.Line, $"the header must be exactly: {string.Join(",", columns)}"));
                    yield break;
                }
                continue;
            }
            if (row.IsBlank())
            {
                continue;
            }
            if (row.Fields.Count != columns.Length)
            {
                problems.Add(new KnowledgeProblem(path, row.Line, $"has {row.Fields.Count} fields; every row needs {columns.Length}"));
                continue;
            }
            yield return row;
        }
        if (header)
        {
            problems.Add(new KnowledgeProblem(path, 1, $"the file needs a header row: {string.Join(",", columns)}"));
        }
    }

    /// <summary>Trimmed, composed (NFC) and single-spaced: the list has a name broken over two lines.</summary>
    public static string Clean(string field) =>
        Whitespace().Replace(Text.VietnameseText.Normalized(field, NormalizationForm.FormC), " ").Trim();

    public static bool IsUnitCode(string code) => code is { Length: 5 } && code.All(char.IsAsciiDigit);
}

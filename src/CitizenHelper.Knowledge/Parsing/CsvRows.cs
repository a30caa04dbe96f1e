using System.Text;

namespace CitizenHelper.Knowledge.Parsing;

/// <summary>One record of a CSV file and the line it starts on (a quoted field may span lines).</summary>
public sealed record CsvRow(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// Reads RFC 4180 CSV (comma-separated, double quotes around fields that hold commas, quotes or line breaks) one
/// record at a time from a reader, so a large gzip list is never held whole in memory.
/// </summary>
public static class CsvRows
{
    public static IEnumerable<CsvRow> Read(TextReader reader, string path, ICollection<KnowledgeProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(problems);
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowLine = 1;
        var quoted = false;
        int next;
        while ((next = reader.Read()) >= 0)
        {
            var c = (char)next;
            if (quoted)
            {
                if (c == '"' && reader.Peek() == '"')
                {
                    reader.Read();
                    field.Append('"');
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return new CsvRow(rowLine, fields);
                    fields = [];
                    line++;
                    rowLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (quoted)
        {
            problems.Add(new KnowledgeProblem(path, rowLine, "a quoted field is not closed"));
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return new CsvRow(rowLine, fields);
        }
    }

    /// <summary>A blank line: one empty field.</summary>
    public static bool IsBlank(this CsvRow row) => row?.Fields is [{ Length: 0 }];
}

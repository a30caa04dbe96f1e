using System.Text;

namespace CitizenHelper.Knowledge.Parsing;

/// <summary>
/// Parses a province's list of communes and wards (<c>centers/*.csv</c>, RFC 4180: comma-separated, double quotes
/// around fields that hold commas, quotes or line breaks).
/// </summary>
public static class CentersParser
{
    public static readonly string[] Columns =
        ["unit_code", "unit_name", "province", "center_name", "address", "hours", "phone", "merged_from", "source_url", "sample"];

    public static (IReadOnlyList<AdministrativeUnit> Units, IReadOnlyList<KnowledgeProblem> Problems) Parse(string csv, string path)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var problems = new List<KnowledgeProblem>();
        var units = new List<AdministrativeUnit>();
        var rows = CsvRows.Read(new StringReader(Text.VietnameseText.Normalized(csv, NormalizationForm.FormC)), path, problems).ToList();
        if (rows.Count == 0)
        {
            problems.Add(new KnowledgeProblem(path, 1, $"the file needs a header row: {string.Join(",", Columns)}"));
            return (units, problems);
        }
        var header = rows[0].Fields;
        if (!header.SequenceEqual(Columns))
        {
            problems.Add(new KnowledgeProblem(path, 1, $"the header must be exactly: {string.Join(",", Columns)}"));
            return (units, problems);
        }
        foreach (var (line, fields) in rows.Skip(1))
        {
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }
            if (fields.Count != Columns.Length)
            {
                problems.Add(new KnowledgeProblem(path, line, $"has {fields.Count} fields; every row needs {Columns.Length}"));
                continue;
            }
            string? Value(string column) => fields[Array.IndexOf(Columns, column)].Trim() is { Length: > 0 } v ? v : null;
            var code = Value("unit_code");
            var name = Value("unit_name");
            var province = Value("province");
            // With its code, the unit's name and province come from the national list (units/).
            if (code is null && (name is null || province is null))
            {
                problems.Add(new KnowledgeProblem(path, line, "unit_code, or unit_name and province, are required"));
                continue;
            }
            if (code is not null && !CsvTable.IsUnitCode(code))
            {
                problems.Add(new KnowledgeProblem(path, line, $"unit_code '{code}' must be 5 digits"));
                continue;
            }
            Uri? source = null;
            if (Value("source_url") is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out source) || source.Scheme is not ("http" or "https")))
            {
                problems.Add(new KnowledgeProblem(path, line, $"source_url '{url}' must be an http(s) address"));
                continue;
            }
            var sample = Value("sample");
            if (sample is not (null or "yes" or "no"))
            {
                problems.Add(new KnowledgeProblem(path, line, $"sample must be yes, no or empty, not '{sample}'"));
                continue;
            }
            units.Add(new AdministrativeUnit
            {
                Code = code,
                Name = name ?? "",
                Province = province ?? "",
                CenterName = Value("center_name"),
                Address = Value("address"),
                Hours = Value("hours"),
                Phone = Value("phone"),
                MergedFrom = [.. (Value("merged_from") ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
                Source = source,
                Sample = sample == "yes",
                SourcePath = path,
                Line = line,
            });
        }
        return (units, problems);
    }
}

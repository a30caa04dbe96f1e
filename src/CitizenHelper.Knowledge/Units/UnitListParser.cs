using System.Text;
using CitizenHelper.Knowledge.Parsing;

namespace CitizenHelper.Knowledge.Units;

/// <summary>
/// Parses the national list of units of 2025 (<c>units/units-2025.csv.gz</c>). Each unit gets one center, named after
/// it, at the People's Committee's published seat; staff correct or complete that in <c>centers/*.csv</c>.
/// </summary>
public static class UnitListParser
{
    public static readonly string[] Columns =
        ["code", "name", "level", "province_code", "province", "resolution", "merged_from", "admin_seat", "area_km2", "population", "lat", "lon"];

    /// <summary>Where the lists were collected from (see knowledge/units/README.md): the citation of a unit staff added nothing to.</summary>
    public static readonly Uri Provenance = new("https://github.com/tranngocminhhieu/vietnamadminunits");

    /// <summary>The list's word for a seat not yet published.</summary>
    private const string NotYetPublished = "đang cập nhật";

    public static IReadOnlyList<AdministrativeUnit> Parse(TextReader reader, string path, ICollection<KnowledgeProblem> problems)
    {
        var units = new List<AdministrativeUnit>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, fields) in CsvTable.Rows(reader, path, Columns, problems))
        {
            var code = fields[0].Trim();
            var name = CsvTable.Clean(fields[1]);
            var province = CsvTable.Clean(fields[4]);
            if (!CsvTable.IsUnitCode(code))
            {
                problems.Add(new KnowledgeProblem(path, line, $"code '{code}' must be 5 digits"));
            }
            else if (name.Length == 0 || province.Length == 0)
            {
                problems.Add(new KnowledgeProblem(path, line, "name and province are required"));
            }
            else if (!seen.Add(code))
            {
                problems.Add(new KnowledgeProblem(path, line, $"code {code} is listed twice"));
            }
            else
            {
                var seat = CsvTable.Clean(fields[7]);
                var published = seat.Length > 0 && !seat.Equals(NotYetPublished, StringComparison.OrdinalIgnoreCase);
                units.Add(new AdministrativeUnit
                {
                    Code = code,
                    Name = name,
                    Province = province,
                    CenterName = CenterNameOf(name),
                    Address = published ? seat : null,
                    AddressIsSeat = published,
                    MergedFrom = SplitMerged(CsvTable.Clean(fields[6])),
                    Source = Provenance,
                    SourcePath = path,
                    Line = line,
                    ListLine = line,
                });
            }
        }
        return units;
    }

    /// <summary>"Trung tâm Phục vụ hành chính công xã Cư Jút": the type word in lower case, as in running text.</summary>
    public static string CenterNameOf(string unitName)
    {
        ArgumentNullException.ThrowIfNull(unitName);
        return $"Trung tâm Phục vụ hành chính công {(unitName.Length > 0 ? char.ToLowerInvariant(unitName[0]) + unitName[1..] : unitName)}";
    }

    /// <summary>"A, B (phần còn lại sau khi sáp nhập vào phường X, phường Y), C": commas inside brackets stay.</summary>
    private static List<string> SplitMerged(string text)
    {
        var parts = new List<string>();
        var part = new StringBuilder();
        var depth = 0;
        foreach (var c in text)
        {
            depth += c switch { '(' => 1, ')' when depth > 0 => -1, _ => 0 };
            if (c == ',' && depth == 0)
            {
                Flush();
            }
            else
            {
                part.Append(c);
            }
        }
        Flush();
        return parts;

        void Flush()
        {
            if (part.ToString().Trim() is { Length: > 0 } item)
            {
                parts.Add(item);
            }
            part.Clear();
        }
    }
}

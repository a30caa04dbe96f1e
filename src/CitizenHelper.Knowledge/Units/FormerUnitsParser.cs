using CitizenHelper.Knowledge.Parsing;

namespace CitizenHelper.Knowledge.Units;

/// <summary>
/// Parses the map from every unit before 1 July 2025 to the unit(s) of 2025 (<c>units/legacy-to-2025.csv.gz</c>):
/// one row per new unit, several when the former unit was divided.
/// </summary>
public static class FormerUnitsParser
{
    public static readonly string[] Columns =
        ["old_province", "old_district", "old_ward", "old_ward_code", "divided", "new_province", "new_ward", "new_ward_code"];

    public static IReadOnlyList<FormerUnit> Parse(TextReader reader, string path, ICollection<KnowledgeProblem> problems)
    {
        var formers = new Dictionary<string, FormerUnit>(StringComparer.Ordinal);
        foreach (var (line, fields) in CsvTable.Rows(reader, path, Columns, problems))
        {
            var province = CsvTable.Clean(fields[0]);
            var district = CsvTable.Clean(fields[1]);
            // Island districts had no communes: the district itself became a special zone.
            var name = CsvTable.Clean(fields[2]) is { Length: > 0 } ward ? ward : district;
            var code = fields[3].Trim();
            var newCode = fields[7].Trim();
            if (province.Length == 0 || name.Length == 0)
            {
                problems.Add(new KnowledgeProblem(path, line, "old_province and old_district (or old_ward) are required"));
            }
            else if (code.Length > 0 && !CsvTable.IsUnitCode(code))
            {
                problems.Add(new KnowledgeProblem(path, line, $"old_ward_code '{code}' must be 5 digits or empty"));
            }
            else if (fields[4].Trim() is not ("True" or "False"))
            {
                problems.Add(new KnowledgeProblem(path, line, $"divided must be True or False, not '{fields[4]}'"));
            }
            else if (!CsvTable.IsUnitCode(newCode))
            {
                problems.Add(new KnowledgeProblem(path, line, $"new_ward_code '{newCode}' must be 5 digits"));
            }
            else
            {
                var former = new FormerUnit(name, district, province, code.Length > 0 ? code : null, [newCode], path, line);
                formers[former.Key] = formers.TryGetValue(former.Key, out var known)
                    ? known.NewCodes.Contains(newCode) ? known : known with { NewCodes = [.. known.NewCodes, newCode] }
                    : former;
            }
        }
        return [.. formers.Values];
    }
}

using System.IO.Compression;
using System.Text;

namespace CitizenHelper.Knowledge.Units;

/// <summary>
/// Reads the national lists in <c>units/</c> (gzip, streamed) and lays the staff's <c>centers/*.csv</c> rows over them:
/// a row adds to the unit it names (by <c>unit_code</c>, else by name and province) what the lists lack.
/// </summary>
public static class UnitsLoader
{
    public const string Folder = "units";
    public const string ListFile = "units-2025.csv.gz";
    public const string FormersFile = "legacy-to-2025.csv.gz";

    /// <summary>The lists are about 150 KB compressed; a much larger file is not one of them.</summary>
    public const long MaxCompressedBytes = 8 * 1024 * 1024;

    /// <summary>The units of 2025 and the former units, or empty lists when the folder is absent (a test knowledge base).</summary>
    public static (IReadOnlyList<AdministrativeUnit> Units, IReadOnlyList<FormerUnit> Formers) Load(string root, ICollection<KnowledgeProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (!Directory.Exists(Path.Combine(root, Folder)))
        {
            return ([], []);
        }
        var units = Read(root, ListFile, problems, UnitListParser.Parse) ?? [];
        var formers = Read(root, FormersFile, problems, FormerUnitsParser.Parse) ?? [];
        var codes = units.Select(u => u.Code).ToHashSet(StringComparer.Ordinal);
        var known = new List<FormerUnit>(formers.Count);
        foreach (var former in formers)
        {
            if (former.NewCodes.FirstOrDefault(c => !codes.Contains(c)) is { } missing)
            {
                problems.Add(new KnowledgeProblem(former.SourcePath, former.Line, $"new_ward_code {missing} is not in {Folder}/{ListFile}"));
            }
            else
            {
                known.Add(former);
            }
        }
        return (units, known);
    }

    /// <summary>
    /// The units with the staff's rows laid over them. Without the national lists a row is a unit of its own, as before
    /// they were bundled; with them, a row naming no unit of the list is reported and left out.
    /// </summary>
    public static IReadOnlyList<AdministrativeUnit> WithCenters(
        IReadOnlyList<AdministrativeUnit> units, IReadOnlyList<AdministrativeUnit> rows, ICollection<KnowledgeProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(problems);
        if (units.Count == 0)
        {
            foreach (var row in rows.Where(r => r.Name.Length == 0 || r.Province.Length == 0))
            {
                problems.Add(new KnowledgeProblem(row.SourcePath, row.Line, $"unit_name and province are needed: {Folder}/{ListFile}, where the code would find them, is not loaded"));
            }
            return [.. rows.Where(r => r.Name.Length > 0 && r.Province.Length > 0)];
        }
        var result = units.ToList();
        var byCode = Enumerable.Range(0, units.Count).ToDictionary(i => units[i].Code!, StringComparer.Ordinal);
        var byName = Enumerable.Range(0, units.Count)
            .ToLookup(i => (UnitNames.Fold(units[i].Name), UnitNames.ProvinceCore(units[i].Province)));
        var laid = new Dictionary<int, AdministrativeUnit>();
        foreach (var row in rows)
        {
            int index;
            if (row.Code is { } code)
            {
                if (!byCode.TryGetValue(code, out index))
                {
                    problems.Add(new KnowledgeProblem(row.SourcePath, row.Line, $"unit_code {code} is not in {Folder}/{ListFile}"));
                    continue;
                }
            }
            else
            {
                var named = byName[(UnitNames.Fold(row.Name), UnitNames.ProvinceCore(row.Province))].ToList();
                if (named.Count != 1)
                {
                    problems.Add(new KnowledgeProblem(row.SourcePath, row.Line, named.Count == 0
                        ? $"no unit named '{row.Name}' in {row.Province} in {Folder}/{ListFile}; check the name or give its unit_code"
                        : $"'{row.Name}' names {named.Count} units in {row.Province}; give its unit_code"));
                    continue;
                }
                index = named[0];
            }
            if (laid.TryGetValue(index, out var first))
            {
                problems.Add(new KnowledgeProblem(row.SourcePath, row.Line, $"{units[index].Name} ({units[index].Code}) already has a row at {first.SourcePath}:{first.Line}"));
                continue;
            }
            laid[index] = row;
            result[index] = LayOver(units[index], row);
        }
        return result;
    }

    /// <summary>What staff wrote wins; what they left empty comes from the list (hours and phone are never in it).</summary>
    private static AdministrativeUnit LayOver(AdministrativeUnit unit, AdministrativeUnit row) => unit with
    {
        CenterName = row.CenterName ?? unit.CenterName,
        Address = row.Address ?? unit.Address,
        AddressIsSeat = row.Address is null && unit.AddressIsSeat,
        Hours = row.Hours,
        Phone = row.Phone,
        MergedFrom = unit.MergedFrom.Count > 0 ? unit.MergedFrom : row.MergedFrom,
        Source = row.Source ?? unit.Source,
        Sample = row.Sample,
        SourcePath = row.SourcePath,
        Line = row.Line,
    };

    private static IReadOnlyList<T>? Read<T>(
        string root, string name, ICollection<KnowledgeProblem> problems, Func<TextReader, string, ICollection<KnowledgeProblem>, IReadOnlyList<T>> parse)
    {
        var relative = $"{Folder}/{name}";
        var path = Path.Combine(root, Folder, name);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            problems.Add(new KnowledgeProblem(relative, 0, "file not found; the bundled list is needed for every commune of 2025"));
            return null;
        }
        if (info.LinkTarget is not null || info.Length > MaxCompressedBytes)
        {
            problems.Add(new KnowledgeProblem(relative, 0, info.LinkTarget is not null ? "is a symbolic link; copy the file here instead" : $"is {info.Length} bytes; at most {MaxCompressedBytes}"));
            return null;
        }
        try
        {
            using var stream = File.OpenRead(path);
            using var gzip = new GZipStream(stream, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, new UTF8Encoding(false, throwOnInvalidBytes: true));
            return parse(reader, relative, problems);
        }
        catch (Exception e) when (e is InvalidDataException or DecoderFallbackException or EndOfStreamException)
        {
            problems.Add(new KnowledgeProblem(relative, 0, $"cannot be read as gzip-compressed UTF-8 CSV ({e.GetType().Name}); compress it with gzip -9n"));
            return null;
        }
    }
}

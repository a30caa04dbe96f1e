namespace CitizenHelper.Knowledge.Units;

public enum UnitNameKind
{
    /// <summary>A unit of 2025 (<see cref="UnitDirectory.Units"/>).</summary>
    Unit,

    /// <summary>A unit before 1 July 2025 (<see cref="UnitDirectory.Formers"/>).</summary>
    Former,

    /// <summary>A district before 1 July 2025 (<see cref="UnitDirectory.Districts"/>); districts were abolished.</summary>
    District,

    /// <summary>A province, before or after the 2025 mergers (<see cref="UnitDirectory.Provinces"/>).</summary>
    Province,
}

/// <summary>One thing a folded name can mean: its kind, its type word ("xa", "huyen"; may be empty) and its position in the list of that kind.</summary>
public readonly record struct UnitNameEntry(UnitNameKind Kind, string Type, int Index);

/// <summary>A district before 1 July 2025.</summary>
public sealed record District(string Name, string Province);

/// <summary>
/// Every unit, former unit, district and province by its folded name without type word ("tan phu"), so a question is
/// matched by looking up its word sequences — a few dictionary probes per word — not by scanning 13,000 names.
/// Built once per knowledge snapshot; read-only and thread-safe after.
/// </summary>
public sealed class UnitDirectory
{
    /// <summary>Other names citizens use for a province (folded), beside its official name.</summary>
    private static readonly (string Alias, string Core)[] ProvinceAliases = [("hcm", "ho chi minh"), ("tphcm", "ho chi minh"), ("sai gon", "ho chi minh")];

    private readonly Dictionary<string, UnitNameEntry[]> _names;
    private readonly Dictionary<string, UnitNameEntry[]>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Dictionary<string, AdministrativeUnit> _byCode;
    private readonly Dictionary<string, AdministrativeUnit[]> _byName;

    public UnitDirectory(IReadOnlyList<AdministrativeUnit> units, IReadOnlyList<FormerUnit> formers)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(formers);
        Units = units;
        Formers = formers;
        Districts = [.. formers.Select(f => new District(f.District, f.Province)).Distinct()];
        Provinces = [.. units.Select(u => u.Province).Concat(formers.Select(f => f.Province)).Distinct(StringComparer.Ordinal)];
        _byCode = units.Where(u => u.Code is not null).DistinctBy(u => u.Code).ToDictionary(u => u.Code!, StringComparer.Ordinal);
        _byName = units.GroupBy(u => u.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

        var names = new Dictionary<string, List<UnitNameEntry>>(StringComparer.Ordinal);
        void Add(string core, UnitNameEntry entry)
        {
            if (core.Length == 0)
            {
                return;
            }
            if (!names.TryGetValue(core, out var list))
            {
                names[core] = list = [];
            }
            list.Add(entry);
        }
        for (var i = 0; i < units.Count; i++)
        {
            var (type, core) = UnitNames.Split(units[i].Name, UnitNames.UnitTypes);
            Add(core, new UnitNameEntry(UnitNameKind.Unit, type, i));
        }
        for (var i = 0; i < formers.Count; i++)
        {
            var (type, core) = UnitNames.Split(formers[i].Name, [.. UnitNames.UnitTypes, .. UnitNames.DistrictTypes]);
            Add(core, new UnitNameEntry(UnitNameKind.Former, type, i));
        }
        for (var i = 0; i < Districts.Count; i++)
        {
            var (type, core) = UnitNames.Split(Districts[i].Name, UnitNames.DistrictTypes);
            Add(core, new UnitNameEntry(UnitNameKind.District, type, i));
        }
        for (var i = 0; i < Provinces.Count; i++)
        {
            var (type, core) = UnitNames.Split(Provinces[i], UnitNames.ProvinceTypes);
            Add(core, new UnitNameEntry(UnitNameKind.Province, type, i));
            foreach (var (alias, _) in ProvinceAliases.Where(a => a.Core == core))
            {
                Add(alias, new UnitNameEntry(UnitNameKind.Province, type, i));
            }
        }
        _names = names.ToDictionary(n => n.Key, n => n.Value.ToArray(), StringComparer.Ordinal);
        _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        MaxWords = _names.Keys.Select(k => k.Count(c => c == ' ') + 1).DefaultIfEmpty(0).Max();
    }

    public static UnitDirectory Empty { get; } = new([], []);

    public IReadOnlyList<AdministrativeUnit> Units { get; }
    public IReadOnlyList<FormerUnit> Formers { get; }
    public IReadOnlyList<District> Districts { get; }
    public IReadOnlyList<string> Provinces { get; }

    /// <summary>The most words any name has: longer word sequences need not be looked up.</summary>
    public int MaxWords { get; }

    /// <summary>How many distinct folded names are indexed.</summary>
    public int NameCount => _names.Count;

    /// <summary>What a folded name ("tan phu") can mean (empty when nothing); looked up without allocating.</summary>
    public UnitNameEntry[] Find(ReadOnlySpan<char> foldedName) =>
        _lookup.TryGetValue(foldedName, out var entries) ? entries : [];

    public AdministrativeUnit? ByCode(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>
    /// The unit a center key names: its code, or — for keys saved before centers were keyed by code, and for
    /// settings written by hand — its exact name when only one unit has it (or only one of those has a staff row).
    /// </summary>
    public AdministrativeUnit? Resolve(string? keyOrName)
    {
        if (keyOrName is not { Length: > 0 })
        {
            return null;
        }
        if (_byCode.TryGetValue(keyOrName.Trim(), out var unit))
        {
            return unit;
        }
        if (!_byName.TryGetValue(keyOrName.Trim().Normalize(), out var named))
        {
            return null;
        }
        if (named.Length == 1)
        {
            return named[0];
        }
        var staffed = named.Where(u => u.SourcePath.StartsWith(KnowledgeLoader.CentersFolder + "/", StringComparison.Ordinal)).ToList();
        return staffed.Count == 1 ? staffed[0] : null;
    }
}

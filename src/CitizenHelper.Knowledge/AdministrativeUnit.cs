namespace CitizenHelper.Knowledge;

/// <summary>
/// A commune, ward or special zone after 1 July 2025, its center, and the older units merged into it: from the
/// national list (<c>units/units-2025.csv.gz</c>), with what staff added in <c>centers/*.csv</c>.
/// </summary>
public sealed record AdministrativeUnit
{
    /// <summary>The 5-digit national unit code; null only for a centers row the national list does not know.</summary>
    public string? Code { get; init; }
    public required string Name { get; init; }
    public required string Province { get; init; }
    public string? CenterName { get; init; }
    public string? Address { get; init; }

    /// <summary>
    /// True when <see cref="Address"/> is the People's Committee's published seat, not an address staff gave for the
    /// center: the answer says so, since the center is usually but not always there.
    /// </summary>
    public bool AddressIsSeat { get; init; }

    public string? Hours { get; init; }
    public string? Phone { get; init; }
    public IReadOnlyList<string> MergedFrom { get; init; } = [];
    public Uri? Source { get; init; }
    public bool Sample { get; init; }

    /// <summary>The file that last shaped it: the staff's centers file when a row there adds to it, else the national list.</summary>
    public required string SourcePath { get; init; }
    public int Line { get; init; }

    /// <summary>Its line in the national list (<c>units/units-2025.csv.gz</c>); 0 for a staff row the list does not know.</summary>
    public int ListLine { get; init; }

    /// <summary>What escalations, staff accounts and guides name its center by: the code, so names repeated across provinces never mix.</summary>
    public string Key => Code ?? Name;

    /// <summary>"Xã Cư Jút, Tỉnh Lâm Đồng (24640)": how staff pages show a center.</summary>
    public string Label => Code is null ? $"{Name}, {Province}" : $"{Name}, {Province} ({Code})";
}

/// <summary>
/// A commune or ward before 1 July 2025 (<c>units/legacy-to-2025.csv.gz</c>) and the unit(s) of 2025 it became: more
/// than one when it was divided.
/// </summary>
public sealed record FormerUnit(string Name, string District, string Province, string? Code, IReadOnlyList<string> NewCodes, string SourcePath, int Line)
{
    public bool Divided => NewCodes.Count > 1;

    /// <summary>Identifies the row group across reloads (the code, else the district for units without communes).</summary>
    public string Key => $"{Code}|{Province}|{District}|{Name}";
}

namespace CitizenHelper.Knowledge;

/// <summary>An administrative word and its plain-language meaning.</summary>
public sealed record GlossaryTerm(string Id, string Term, string Explanation, int Line);

/// <summary>The glossary in one language.</summary>
public sealed record Glossary(string Language, IReadOnlyList<GlossaryTerm> Terms, string SourcePath)
{
    public GlossaryTerm? Find(string id) => Terms.FirstOrDefault(t => t.Id == id);
}

/// <summary>A commune or ward after 1 July 2025, its center, and the older units merged into it.</summary>
public sealed record AdministrativeUnit
{
    public string? Code { get; init; }
    public required string Name { get; init; }
    public required string Province { get; init; }
    public string? CenterName { get; init; }
    public string? Address { get; init; }
    public string? Hours { get; init; }
    public string? Phone { get; init; }
    public IReadOnlyList<string> MergedFrom { get; init; } = [];
    public Uri? Source { get; init; }
    public bool Sample { get; init; }
    public required string SourcePath { get; init; }
    public int Line { get; init; }
}

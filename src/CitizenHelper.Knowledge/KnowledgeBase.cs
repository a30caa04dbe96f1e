namespace CitizenHelper.Knowledge;

/// <summary>An immutable snapshot of the loaded knowledge base. A reload builds a new one and swaps it in whole.</summary>
public sealed class KnowledgeBase
{
    private readonly Dictionary<(string Code, string Language), Procedure> _byCodeAndLanguage;

    public KnowledgeBase(IReadOnlyList<Procedure> procedures, IReadOnlyList<KnowledgeProblem> problems, DateTimeOffset loadedAt)
    {
        ArgumentNullException.ThrowIfNull(procedures);
        Procedures = procedures;
        Problems = problems;
        LoadedAt = loadedAt;
        _byCodeAndLanguage = procedures.ToDictionary(p => (p.Code, p.Language));
    }

    public static KnowledgeBase Empty { get; } = new([], [], DateTimeOffset.MinValue);

    public IReadOnlyList<Procedure> Procedures { get; }

    /// <summary>Problems found while loading; the files they concern are not served.</summary>
    public IReadOnlyList<KnowledgeProblem> Problems { get; }

    public DateTimeOffset LoadedAt { get; }

    public IEnumerable<string> Codes => Procedures.Select(p => p.Code).Distinct();

    /// <summary>The procedure in the wanted language, else in Vietnamese, else in any language it exists in.</summary>
    public Procedure? Find(string code, string language) =>
        _byCodeAndLanguage.GetValueOrDefault((code, language))
        ?? _byCodeAndLanguage.GetValueOrDefault((code, "vi"))
        ?? Procedures.FirstOrDefault(p => p.Code == code);
}

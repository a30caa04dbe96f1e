using CitizenHelper.Knowledge.Units;

namespace CitizenHelper.Knowledge;

/// <summary>An immutable snapshot of the loaded knowledge base. A reload builds a new one and swaps it in whole.</summary>
public sealed class KnowledgeBase
{
    private readonly Dictionary<(string Key, string Language), KnowledgeDocument> _byKeyAndLanguage;
    private readonly Dictionary<string, CatalogProcedure> _catalogByCode;
    private readonly Lazy<UnitDirectory> _unitDirectory;

    public KnowledgeBase(
        IReadOnlyList<KnowledgeDocument> documents,
        IReadOnlyList<KnowledgeProblem> problems,
        DateTimeOffset loadedAt,
        IReadOnlyList<Glossary>? glossaries = null,
        IReadOnlyList<AdministrativeUnit>? units = null,
        IReadOnlyList<CatalogProcedure>? catalog = null,
        IReadOnlyList<ExampleQuestion>? examples = null,
        IReadOnlyList<FormerUnit>? formerUnits = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        Documents = documents;
        Procedures = [.. documents.OfType<Procedure>()];
        HelpTopics = [.. documents.OfType<HelpTopic>()];
        Problems = problems;
        LoadedAt = loadedAt;
        Glossaries = glossaries ?? [];
        Units = units ?? [];
        Examples = examples ?? [];
        FormerUnits = formerUnits ?? [];
        _unitDirectory = new Lazy<UnitDirectory>(() => new UnitDirectory(Units, FormerUnits));
        _byKeyAndLanguage = documents.ToDictionary(p => (p.Key, p.Language));
        var documented = Procedures.Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        Catalog = [.. (catalog ?? []).Where(c => !documented.Contains(c.Code))];
        _catalogByCode = Catalog.ToDictionary(c => c.Code, StringComparer.Ordinal);
    }

    public static KnowledgeBase Empty { get; } = new([], [], DateTimeOffset.MinValue);

    /// <summary>Procedures and help topics, every language.</summary>
    public IReadOnlyList<KnowledgeDocument> Documents { get; }
    public IReadOnlyList<Procedure> Procedures { get; }
    public IReadOnlyList<HelpTopic> HelpTopics { get; }
    public IReadOnlyList<Glossary> Glossaries { get; }
    public IReadOnlyList<AdministrativeUnit> Units { get; }

    /// <summary>The units before 1 July 2025 and what each became.</summary>
    public IReadOnlyList<FormerUnit> FormerUnits { get; }

    /// <summary>Units, former units, districts and provinces by folded name; built on first use.</summary>
    public UnitDirectory UnitDirectory => _unitDirectory.Value;

    /// <summary>Example questions with the document that answers each (or none): how citizens ask.</summary>
    public IReadOnlyList<ExampleQuestion> Examples { get; }

    /// <summary>Procedures known only from the national catalog (those with a document of ours are left out).</summary>
    public IReadOnlyList<CatalogProcedure> Catalog { get; }

    /// <summary>Problems found while loading; the files they concern are not served.</summary>
    public IReadOnlyList<KnowledgeProblem> Problems { get; }

    public DateTimeOffset LoadedAt { get; }

    public IEnumerable<string> Codes => Procedures.Select(p => p.Code).Distinct();

    /// <summary>The procedure in the wanted language, else in Vietnamese, else in any language it exists in.</summary>
    public Procedure? Find(string code, string language) => FindDocument(code, language) as Procedure;

    /// <summary>
    /// A document by key (procedure code or <c>help/ID</c>), in the wanted language, else Vietnamese, else any;
    /// else the procedure's national catalog entry.
    /// </summary>
    public KnowledgeDocument? FindDocument(string key, string language) =>
        _byKeyAndLanguage.GetValueOrDefault((key, language))
        ?? _byKeyAndLanguage.GetValueOrDefault((key, "vi"))
        ?? Documents.FirstOrDefault(p => p.Key == key)
        ?? (KnowledgeDocument?)_catalogByCode.GetValueOrDefault(key);

    public Glossary? GlossaryFor(string language) =>
        Glossaries.FirstOrDefault(g => g.Language == language) ?? Glossaries.FirstOrDefault(g => g.Language == "vi");
}

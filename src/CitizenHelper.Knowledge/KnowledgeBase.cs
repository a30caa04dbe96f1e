using System.Text;
using CitizenHelper.Knowledge.Text;
using CitizenHelper.Knowledge.Units;

namespace CitizenHelper.Knowledge;

/// <summary>An immutable snapshot of the loaded knowledge base. A reload builds a new one and swaps it in whole.</summary>
public sealed class KnowledgeBase
{
    private readonly Dictionary<(string Key, string Language), KnowledgeDocument> _byKeyAndLanguage;
    private readonly Dictionary<string, CatalogProcedure> _catalogByCode;
    private readonly Dictionary<string, KnowledgeDocument> _firstByKey;
    private readonly Lazy<UnitDirectory> _unitDirectory;
    private readonly Lazy<HashSet<string>> _exampled;
    private readonly HashSet<string> _documented;

    public KnowledgeBase(
        IReadOnlyList<KnowledgeDocument> documents,
        IReadOnlyList<KnowledgeProblem> problems,
        DateTimeOffset loadedAt,
        IReadOnlyList<Glossary>? glossaries = null,
        IReadOnlyList<AdministrativeUnit>? units = null,
        IReadOnlyList<CatalogProcedure>? catalog = null,
        IReadOnlyList<ExampleQuestion>? examples = null,
        IReadOnlyList<string>? provinces = null,
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
        _exampled = new(() => new HashSet<string>(Examples.Select(e => e.Expected), StringComparer.Ordinal));
        FormerUnits = formerUnits ?? [];
        _unitDirectory = new Lazy<UnitDirectory>(() => new UnitDirectory(Units, FormerUnits));
        _byKeyAndLanguage = documents.ToDictionary(p => (p.Key, p.Language));
        // A key's first document in any language: a catalog key would otherwise scan every document on each lookup.
        _firstByKey = new Dictionary<string, KnowledgeDocument>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            _firstByKey.TryAdd(document.Key, document);
        }
        _documented = Procedures.Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        Catalog = [.. (catalog ?? []).Where(c => !_documented.Contains(c.Code))];
        _catalogByCode = Catalog.ToDictionary(c => c.Code, StringComparer.Ordinal);
        ListedProvinces = provinces ?? [];
        Provinces = [.. ListedProvinces
            .Concat(Procedures.Select(p => p.Province).OfType<string>())
            .Concat(Catalog.Select(c => c.Province).OfType<string>())
            .Concat(Units.Select(u => u.Province))
            .Select(ProvinceNames.Plain)
            .DistinctBy(VietnameseText.Fold)];
        _sameTitle = SameTitleGroups(Procedures.Where(p => p.Language == "vi").Select(p => (p.Key, p.Title)).Concat(Catalog.Select(c => (c.Key, c.Title))));
    }

    private readonly Dictionary<string, string[]> _sameTitle;

    /// <summary>The provinces of the portal's list (as loaded beside the catalog), short names.</summary>
    public IReadOnlyList<string> ListedProvinces { get; }

    /// <summary>Every province the knowledge base knows by name (short form, "Lạng Sơn"): the portal's list, documents, catalog and centers.</summary>
    public IReadOnlyList<string> Provinces { get; }

    /// <summary>
    /// The procedures (documents and catalog entries) with the same title as this one, itself included — the
    /// provinces' own versions of one procedure. Just the key itself when no other has its title.
    /// </summary>
    public IReadOnlyList<string> SameTitle(string key) => _sameTitle.TryGetValue(key, out var keys) ? keys : [key];

    /// <summary>The province a procedure applies in (a document's <c>province</c>, a catalog entry's publishing province); null when national.</summary>
    public string? ProvinceOf(string key) => ProvinceOf(FindDocument(key, "vi"));

    /// <summary>The province of a document already found (a province's own procedure or catalog entry), else null.</summary>
    public static string? ProvinceOf(KnowledgeDocument? document) => document switch
    {
        Procedure procedure => procedure.Province,
        CatalogProcedure entry => entry.Province,
        _ => null,
    };

    private static Dictionary<string, string[]> SameTitleGroups(IEnumerable<(string Key, string Title)> titled)
    {
        var groups = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var group in titled.GroupBy(t => TitleKey(t.Title), StringComparer.Ordinal).Where(g => g.Skip(1).Any()))
        {
            string[] keys = [.. group.Select(t => t.Key).Distinct(StringComparer.Ordinal)];
            foreach (var key in keys)
            {
                groups[key] = keys;
            }
        }
        return groups;
    }

    // "Thủ tục Cấp đổi giấy chứng nhận…" and "Cấp đổi Giấy chứng nhận…" are one title; so are a province's "… sử dụng
    // đất." and another's "… sử dụng đất (cấp xã)": a remark in brackets or a final stop does not make another procedure.
    private static string TitleKey(string title)
    {
        var outside = new StringBuilder(title.Length);
        var depth = 0;
        foreach (var c in title)
        {
            depth += c == '(' ? 1 : 0;
            if (depth == 0)
            {
                outside.Append(c);
            }
            depth -= c == ')' && depth > 0 ? 1 : 0;
        }
        var folded = VietnameseText.Fold(outside.ToString()).Trim(); // punctuation folds to spaces
        return folded.StartsWith("thu tuc ", StringComparison.Ordinal) ? folded[8..] : folded;
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

    /// <summary>True when at least one example question expects the document: citizens' ways of asking for it were learned.</summary>
    public bool HasExamplesFor(string key) => _exampled.Value.Contains(key);

    /// <summary>Procedures known only from the national catalog (those with a document of ours are left out).</summary>
    public IReadOnlyList<CatalogProcedure> Catalog { get; }

    /// <summary>Problems found while loading; the files they concern are not served.</summary>
    public IReadOnlyList<KnowledgeProblem> Problems { get; }

    public DateTimeOffset LoadedAt { get; }

    public IEnumerable<string> Codes => Procedures.Select(p => p.Code).Distinct();

    /// <summary>Whether <paramref name="code"/> is, exactly, the code of a procedure this knowledge base has (a document or a catalog entry).</summary>
    public bool HasProcedure(string? code) =>
        code is not null && (_documented.Contains(code) || _catalogByCode.ContainsKey(code));

    /// <summary>The procedure in the wanted language, else in Vietnamese, else in any language it exists in.</summary>
    public Procedure? Find(string code, string language) => FindDocument(code, language) as Procedure;

    /// <summary>
    /// A document by key (procedure code or <c>help/ID</c>), in the wanted language, else Vietnamese, else any;
    /// else the procedure's national catalog entry.
    /// </summary>
    public KnowledgeDocument? FindDocument(string key, string language) =>
        _byKeyAndLanguage.GetValueOrDefault((key, language))
        ?? _byKeyAndLanguage.GetValueOrDefault((key, "vi"))
        ?? _firstByKey.GetValueOrDefault(key)
        ?? (KnowledgeDocument?)_catalogByCode.GetValueOrDefault(key);

    public Glossary? GlossaryFor(string language) =>
        Glossaries.FirstOrDefault(g => g.Language == language) ?? Glossaries.FirstOrDefault(g => g.Language == "vi");
}

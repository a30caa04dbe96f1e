namespace CitizenHelper.Knowledge;

/// <summary>
/// A document of the knowledge base in one language: a procedure or a help topic. What every kind carries:
/// names, a summary, sections of facts, and where the facts were checked.
/// </summary>
public abstract record KnowledgeDocument
{
    /// <summary>Identifies the document across languages: the procedure code, or <c>help/ID</c>.</summary>
    public abstract string Key { get; }

    public required string Language { get; init; }
    public required string Title { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public required string Summary { get; init; }
    public required IReadOnlyDictionary<string, ProcedureSection> Sections { get; init; }
    public required DateOnly Verified { get; init; }
    public required IReadOnlyList<SourceReference> Sources { get; init; }

    /// <summary>Links written in the document, checked by the loader.</summary>
    public IReadOnlyList<DocumentLink> Links { get; init; } = [];

    /// <summary>Path of the file relative to the knowledge base root, with forward slashes.</summary>
    public required string SourcePath { get; init; }

    /// <summary>Where citizens read the document: the service's page for it.</summary>
    public abstract string PagePath { get; }

    public ProcedureSection? Section(string id) => Sections.GetValueOrDefault(id);
}

/// <summary>One administrative procedure in one language, as written in the knowledge base.</summary>
public sealed record Procedure : KnowledgeDocument
{
    public required string Code { get; init; }
    public required string Field { get; init; }
    public required string Authority { get; init; }
    public required OnlineAvailability Online { get; init; }
    public Uri? PortalUrl { get; init; }
    public required IReadOnlyList<string> LegalBasis { get; init; }
    public required DateOnly Effective { get; init; }

    /// <summary>
    /// For a province's own version of a procedure (the portal publishes one per province for many land
    /// procedures): the province it applies in. Null for a procedure that is the same everywhere.
    /// </summary>
    public string? Province { get; init; }

    /// <summary>
    /// For a document generated from a National Public Service Portal record: the record's date. Null for a document
    /// written by hand (which <c>kb check</c> compares with its record instead).
    /// </summary>
    public DateOnly? RecordUpdated { get; init; }

    public override string Key => Code;
    public override string PagePath => $"/kb/{Code}/{Language}";
}

/// <summary>A how-to topic that is not a procedure: the portal, VNeID, dossier look-up, the queue kiosk.</summary>
public sealed record HelpTopic : KnowledgeDocument
{
    public const string KeyPrefix = "help/";

    public required string Id { get; init; }

    public override string Key => KeyPrefix + Id;
    public override string PagePath => $"/kb/help/{Id}/{Language}";
}

/// <summary>
/// A procedure known only from the National Public Service Portal's catalog, with no document of our own: the bot
/// can say what it is, who handles it, and where to read about it, but has no facts to answer with.
/// </summary>
public sealed record CatalogProcedure : KnowledgeDocument
{
    public const string PortalBaseUrl = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/";

    public required string Code { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The agencies that handle it, as the catalog names them.</summary>
    public IReadOnlyList<string> Departments { get; init; } = [];

    /// <summary>The body that published it (a ministry, or a province for provincial variants).</summary>
    public string? Publisher { get; init; }

    /// <summary>The procedure's page on the National Public Service Portal.</summary>
    public required Uri PortalUrl { get; init; }

    /// <summary>
    /// For a province's own version (catalog type <c>SPECIFIC</c>, published by a province's People's Committee): that
    /// province, as in "Lạng Sơn". Null for a national procedure.
    /// </summary>
    public string? Province { get; init; }

    /// <summary>Who may ask for it, as the catalog says (citizens, enterprises, …).</summary>
    public IReadOnlyList<string> TargetTypes { get; init; } = [];

    /// <summary>What the portal's full record says of who handles it and how it is submitted, when the crawl fetched one.</summary>
    public CatalogRecordFacts? Record { get; init; }

    public override string Key => Code;
    public override string PagePath => PortalUrl.ToString();
}

/// <summary>The level a procedure is handled at, as the portal's record flags it.</summary>
public enum HandlingLevel
{
    Unknown,
    Commune,
    Province,
    Ministry,
}

/// <summary>
/// The facts a catalog card may take from a procedure's full portal record: the level and agencies that handle it,
/// whether it can be submitted online (or entirely online), and whether the commune's center receives the dossier.
/// No fee, time or document list: those stay on the portal until a document of ours is written.
/// </summary>
public sealed record CatalogRecordFacts
{
    public HandlingLevel Level { get; init; }
    public IReadOnlyList<string> Agencies { get; init; } = [];
    public bool Online { get; init; }
    public bool FullyOnline { get; init; }

    /// <summary>The record says the dossier can be handed in at the commune's Public Administration Service Center (or the procedure is commune-level).</summary>
    public bool CommuneCenterReceives { get; init; }

    /// <summary>When the portal last updated the record.</summary>
    public DateOnly? Updated { get; init; }
}

public enum OnlineAvailability
{
    None,
    Partial,
    Full,
}

public sealed record SourceReference(string Title, Uri Url);

/// <summary>A Markdown link in a document and the line it is on.</summary>
public sealed record DocumentLink(string Target, int Line);

/// <summary>A <c>## Heading {#id}</c> section: its heading text, list items and loose paragraphs (Markdown source).</summary>
public sealed record ProcedureSection(string Id, string Heading, IReadOnlyList<string> Items, IReadOnlyList<string> Paragraphs, int Line)
{
    /// <summary>Items when the section is a list, else its paragraphs.</summary>
    public IReadOnlyList<string> Lines => Items.Count > 0 ? Items : Paragraphs;
}

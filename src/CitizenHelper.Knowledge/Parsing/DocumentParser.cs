using System.Text;
using System.Text.RegularExpressions;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CitizenHelper.Knowledge.Parsing;

// Over 300 lines on purpose: the parsers of the document kinds share one schema check and differ only in their sections.
/// <summary>The outcome of parsing one file: the document when it is valid, and every problem found either way.</summary>
public sealed record ParseResult<T>(T? Document, IReadOnlyList<KnowledgeProblem> Problems) where T : KnowledgeDocument;

/// <summary>Parses procedure documents (<c>procedures/CODE.LANG.md</c>).</summary>
public static class ProcedureParser
{
    private static readonly DocumentSchema Schema = new(
        Keys: ["code", "title", "lang", "aliases", "field", "authority", "online", "portal_url", "legal_basis", "effective", "verified", "sources", "province", "record_updated"],
        RequiredSections: SectionIds.Required,
        AllowedSections: SectionIds.All);

    public static ParseResult<Procedure> Parse(string markdown, string path, DateOnly today) =>
        DocumentParser.Parse(markdown, path, today, Schema, (front, common) =>
        {
            var code = front.String("code", required: true);
            if (code is not null && !DocumentParser.CodePattern().IsMatch(code))
            {
                front.Report(front.Line("code"), $"'code' must look like 1.001193 (a digit, a dot, six digits), not '{code}'");
            }
            var field = front.String("field", required: true);
            var authority = front.String("authority", required: true);
            var online = ParseOnline(front);
            var portalUrl = front.Url("portal_url", required: false);
            var legalBasis = front.StringList("legal_basis", required: true);
            var effective = front.Date("effective", required: true);
            var province = front.String("province", required: false);
            var recordUpdated = front.Date("record_updated", required: false);
            return front.HasProblems ? null : new Procedure
            {
                Code = code!,
                Field = field!,
                Authority = authority!,
                Online = online!.Value,
                PortalUrl = portalUrl,
                LegalBasis = legalBasis,
                Effective = effective!.Value,
                Province = province,
                RecordUpdated = recordUpdated,
                Language = common.Language,
                Title = common.Title,
                Aliases = common.Aliases,
                Summary = common.Summary,
                Sections = common.Sections,
                Verified = common.Verified,
                Sources = common.Sources,
                Links = common.Links,
                SourcePath = path,
            };
        });

    private static OnlineAvailability? ParseOnline(FrontMatter front)
    {
        switch (front.String("online", required: true))
        {
            case null: return null;
            case "full": return OnlineAvailability.Full;
            case "partial": return OnlineAvailability.Partial;
            case "none": return OnlineAvailability.None;
            case var other:
                front.Report(front.Line("online"), $"'online' must be full, partial or none, not '{other}'");
                return null;
        }
    }
}

/// <summary>Parses general-help topics (<c>help/ID.LANG.md</c>).</summary>
public static class HelpTopicParser
{
    private static readonly DocumentSchema Schema = new(
        Keys: ["id", "title", "lang", "aliases", "verified", "sources"],
        RequiredSections: [SectionIds.Steps],
        AllowedSections: new HashSet<string>(StringComparer.Ordinal) { SectionIds.Steps, SectionIds.Notes, SectionIds.Where, SectionIds.Online });

    public static ParseResult<HelpTopic> Parse(string markdown, string path, DateOnly today) =>
        DocumentParser.Parse(markdown, path, today, Schema, (front, common) =>
        {
            var id = front.String("id", required: true);
            if (id is not null && !DocumentParser.IdPattern().IsMatch(id))
            {
                front.Report(front.Line("id"), $"'id' must be lowercase letters, digits and dashes, not '{id}'");
            }
            return front.HasProblems ? null : new HelpTopic
            {
                Id = id!,
                Language = common.Language,
                Title = common.Title,
                Aliases = common.Aliases,
                Summary = common.Summary,
                Sections = common.Sections,
                Verified = common.Verified,
                Sources = common.Sources,
                Links = common.Links,
                SourcePath = path,
            };
        });
}

/// <summary>What a kind of document may and must carry.</summary>
internal sealed record DocumentSchema(IReadOnlyList<string> Keys, IReadOnlyList<string> RequiredSections, IReadOnlySet<string> AllowedSections);

/// <summary>The fields every kind of document has, already read and checked.</summary>
internal sealed record CommonFields(
    string Language, string Title, IReadOnlyList<string> Aliases, DateOnly Verified, IReadOnlyList<SourceReference> Sources,
    string Summary, IReadOnlyDictionary<string, ProcedureSection> Sections, IReadOnlyList<DocumentLink> Links);

/// <summary>
/// Reads a knowledge document: YAML front matter, a <c>#</c> title, a summary paragraph, and <c>## Heading {#id}</c>
/// sections. Reports every problem with its line instead of stopping at the first.
/// </summary>
internal static partial class DocumentParser
{
    [GeneratedRegex(@"^\d\.\d{6}$")]
    internal static partial Regex CodePattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    internal static partial Regex IdPattern();

    [GeneratedRegex(@"^[a-z]{2,3}$")]
    private static partial Regex LanguagePattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    public static ParseResult<T> Parse<T>(string markdown, string path, DateOnly today, DocumentSchema schema, Func<FrontMatter, CommonFields, T?> build)
        where T : KnowledgeDocument
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var problems = new List<KnowledgeProblem>();
        void Report(int line, string message) => problems.Add(new KnowledgeProblem(path, line, message));

        (markdown, var document, var front) = FrontMatter.Open(markdown, Report);
        if (front is null)
        {
            return new ParseResult<T>(null, problems);
        }

        foreach (var (key, line) in front.Keys.Where(k => !schema.Keys.Contains(k.Key)))
        {
            Report(line, $"unknown front matter key '{key}'");
        }
        var language = front.String("lang", required: true);
        if (language is not null && !LanguagePattern().IsMatch(language))
        {
            Report(front.Line("lang"), $"'lang' must be a lowercase language code such as vi or en, not '{language}'");
        }
        var title = front.String("title", required: true);
        var aliases = front.StringList("aliases", required: false);
        var verified = front.Date("verified", required: true);
        if (verified > today)
        {
            Report(front.Line("verified"), $"'verified' is {verified:yyyy-MM-dd}, {KnowledgeProblem.InTheFuture}");
        }
        var sources = front.Sources("sources");
        var (summary, sections) = ReadBody(document, markdown, schema, Report);
        var links = document.Descendants<LinkInline>()
            .Where(l => !string.IsNullOrEmpty(l.Url))
            .Select(l => new DocumentLink(l.Url!, l.Line + 1))
            .ToList();

        var common = new CommonFields(language ?? "", title ?? "", aliases, verified ?? default, sources, summary ?? "", sections, links);
        var built = build(front, common);
        return problems.Count > 0 ? new ParseResult<T>(null, problems) : new ParseResult<T>(built, problems);
    }

    private static (string? Summary, Dictionary<string, ProcedureSection> Sections) ReadBody(
        MarkdownDocument document, string markdown, DocumentSchema schema, Action<int, string> report)
    {
        string? summary = null;
        var sections = new Dictionary<string, ProcedureSection>(StringComparer.Ordinal);
        var titleSeen = false;
        var inSections = false;
        SectionBuilder? current = null;

        foreach (var block in document.Skip(1))
        {
            switch (block)
            {
                case HeadingBlock { Level: 1 }:
                    if (titleSeen)
                    {
                        report(block.Line + 1, "only one '#' title is allowed");
                    }
                    titleSeen = true;
                    break;
                case HeadingBlock { Level: 2 } heading:
                    inSections = true;
                    current = StartSection(heading, sections, schema, report);
                    break;
                case HeadingBlock heading:
                    report(heading.Line + 1, "use '##' headings with an {#id} for sections; deeper headings are not read");
                    break;
                case not HeadingBlock when inSections && current is null:
                    break; // content of a section whose heading was already reported
                case ParagraphBlock paragraph when current is null:
                    summary ??= Source(markdown, paragraph);
                    break;
                case ParagraphBlock paragraph:
                    current.Paragraphs.Add(Source(markdown, paragraph));
                    break;
                case ListBlock list when current is not null:
                    foreach (var item in list.OfType<ListItemBlock>())
                    {
                        current.Items.Add(string.Join(" ", item.Select(b => Source(markdown, b))));
                    }
                    break;
                default:
                    if (current is null && block is not (ThematicBreakBlock or BlankLineBlock))
                    {
                        report(block.Line + 1, "only the title and a summary paragraph may come before the first section");
                    }
                    else if (current is not null && block is not BlankLineBlock)
                    {
                        current.Paragraphs.Add(Source(markdown, block));
                    }
                    break;
            }
            if (current is not null)
            {
                sections[current.Id] = current.Build();
            }
        }

        if (!titleSeen)
        {
            report(1, "the document needs a '#' title line after the front matter");
        }
        if (summary is null)
        {
            report(1, "the document needs a summary paragraph after the '#' title");
        }
        foreach (var id in schema.RequiredSections.Where(id => !sections.ContainsKey(id)))
        {
            report(1, $"required section {{#{id}}} is missing");
        }
        foreach (var section in sections.Values.Where(s => s.Lines.Count == 0))
        {
            report(section.Line, $"section {{#{section.Id}}} is empty");
        }
        return (summary, sections);
    }

    private static SectionBuilder? StartSection(HeadingBlock heading, Dictionary<string, ProcedureSection> sections, DocumentSchema schema, Action<int, string> report)
    {
        var line = heading.Line + 1;
        var id = heading.GetAttributes().Id;
        var text = InlineText(heading.Inline);
        var known = string.Join(", ", SectionIds.All.Where(schema.AllowedSections.Contains));
        if (string.IsNullOrEmpty(id))
        {
            report(line, $"section '{text}' needs an id such as {{#{schema.RequiredSections[0]}}}; known ids: {known}");
            return null;
        }
        if (!schema.AllowedSections.Contains(id))
        {
            report(line, $"unknown section id '{id}'; known ids: {known}");
            return null;
        }
        if (sections.ContainsKey(id))
        {
            report(line, $"section {{#{id}}} appears twice");
            return null;
        }
        return new SectionBuilder(id, text, line);
    }

    // Markdig may end a block's span past the text (a fence left open at the end): the span is cut to the text.
    private static string Source(string markdown, Block block) =>
        Whitespace().Replace(markdown[Math.Clamp(block.Span.Start, 0, markdown.Length)..Math.Clamp(block.Span.End + 1, Math.Clamp(block.Span.Start, 0, markdown.Length), markdown.Length)], " ").Trim();

    internal static string InlineText(ContainerInline? inline)
    {
        var text = new StringBuilder();
        foreach (var child in inline?.Descendants() ?? [])
        {
            if (child is LiteralInline literal)
            {
                text.Append(literal.Content.ToString());
            }
            else if (child is CodeInline code)
            {
                text.Append(code.Content);
            }
        }
        return text.ToString().Trim();
    }

    private sealed class SectionBuilder(string id, string heading, int line)
    {
        public string Id { get; } = id;
        public List<string> Items { get; } = [];
        public List<string> Paragraphs { get; } = [];

        public ProcedureSection Build() => new(Id, heading, [.. Items], [.. Paragraphs], line);
    }
}

using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CitizenHelper.Knowledge.Parsing;

/// <summary>The outcome of parsing one file: the procedure when it is valid, and every problem found either way.</summary>
public sealed record ParseResult(Procedure? Procedure, IReadOnlyList<KnowledgeProblem> Problems);

/// <summary>Parses one procedure document (front matter + sectioned Markdown) into a <see cref="Procedure"/>.</summary>
public static partial class ProcedureParser
{
    private static readonly HashSet<string> KnownKeys = new(StringComparer.Ordinal)
    {
        "code", "lang", "title", "aliases", "field", "authority", "online", "portal_url",
        "legal_basis", "effective", "verified", "sources",
    };

    [GeneratedRegex(@"^\d\.\d{6}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^[a-z]{2,3}$")]
    private static partial Regex LanguagePattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <param name="path">File path relative to the knowledge base root, used in problems and citations.</param>
    /// <param name="today">Today's date, for the rule that 'verified' is never in the future.</param>
    public static ParseResult Parse(string markdown, string path, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var problems = new List<KnowledgeProblem>();
        void Report(int line, string message) => problems.Add(new KnowledgeProblem(path, line, message));

        markdown = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Normalize(NormalizationForm.FormC);
        var document = Markdown.Parse(markdown, KnowledgeMarkdown.Pipeline);

        if (document.FirstOrDefault() is not YamlFrontMatterBlock yamlBlock)
        {
            Report(1, "the file must start with YAML front matter between '---' lines");
            return new ParseResult(null, problems);
        }

        var front = FrontMatter.Load(yamlBlock.Lines.ToString(), yamlBlock.Line + 1, Report);
        if (front is null)
        {
            return new ParseResult(null, problems);
        }

        foreach (var (key, line) in front.Keys.Where(k => !KnownKeys.Contains(k.Key)))
        {
            Report(line, $"unknown front matter key '{key}'");
        }

        var code = front.String("code", required: true);
        if (code is not null && !CodePattern().IsMatch(code))
        {
            Report(front.Line("code"), $"'code' must look like 1.001193 (a digit, a dot, six digits), not '{code}'");
        }
        var language = front.String("lang", required: true);
        if (language is not null && !LanguagePattern().IsMatch(language))
        {
            Report(front.Line("lang"), $"'lang' must be a lowercase language code such as vi or en, not '{language}'");
        }
        var title = front.String("title", required: true);
        var aliases = front.StringList("aliases", required: false);
        var field = front.String("field", required: true);
        var authority = front.String("authority", required: true);
        var online = ParseOnline(front.String("online", required: true), front.Line("online"), Report);
        var portalUrl = front.Url("portal_url", required: false);
        var legalBasis = front.StringList("legal_basis", required: true);
        var effective = front.Date("effective", required: true);
        var verified = front.Date("verified", required: true);
        if (verified > today)
        {
            Report(front.Line("verified"), $"'verified' is {verified:yyyy-MM-dd}, a date in the future");
        }
        var sources = front.Sources("sources");

        var (summary, sections) = ReadBody(document, markdown, Report);
        var links = document.Descendants<LinkInline>()
            .Where(l => !string.IsNullOrEmpty(l.Url))
            .Select(l => new DocumentLink(l.Url!, l.Line + 1))
            .ToList();

        if (problems.Count > 0)
        {
            return new ParseResult(null, problems);
        }

        var procedure = new Procedure
        {
            Code = code!,
            Language = language!,
            Title = title!,
            Aliases = aliases,
            Field = field!,
            Authority = authority!,
            Online = online!.Value,
            PortalUrl = portalUrl,
            LegalBasis = legalBasis,
            Effective = effective!.Value,
            Verified = verified!.Value,
            Sources = sources,
            Summary = summary!,
            Sections = sections,
            Links = links,
            SourcePath = path,
        };
        return new ParseResult(procedure, problems);
    }

    private static OnlineAvailability? ParseOnline(string? text, int line, Action<int, string> report)
    {
        switch (text)
        {
            case null: return null;
            case "full": return OnlineAvailability.Full;
            case "partial": return OnlineAvailability.Partial;
            case "none": return OnlineAvailability.None;
            default:
                report(line, $"'online' must be full, partial or none, not '{text}'");
                return null;
        }
    }

    private static (string? Summary, Dictionary<string, ProcedureSection> Sections) ReadBody(
        MarkdownDocument document, string markdown, Action<int, string> report)
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
                    current = StartSection(heading, sections, report);
                    break;
                case not HeadingBlock when inSections && current is null:
                    break; // content of a section whose heading was already reported
                case HeadingBlock heading:
                    report(heading.Line + 1, "use '##' headings with an {#id} for sections; deeper headings are not read");
                    break;
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
        foreach (var id in SectionIds.Required.Where(id => !sections.ContainsKey(id)))
        {
            report(1, $"required section {{#{id}}} is missing");
        }
        foreach (var section in sections.Values.Where(s => s.Lines.Count == 0))
        {
            report(section.Line, $"section {{#{section.Id}}} is empty");
        }
        return (summary, sections);
    }

    private static SectionBuilder? StartSection(HeadingBlock heading, Dictionary<string, ProcedureSection> sections, Action<int, string> report)
    {
        var line = heading.Line + 1;
        var id = heading.GetAttributes().Id;
        var text = InlineText(heading.Inline);
        if (string.IsNullOrEmpty(id))
        {
            report(line, $"section '{text}' needs an id such as {{#documents}}; known ids: {string.Join(", ", SectionIds.All)}");
            return null;
        }
        if (!SectionIds.All.Contains(id))
        {
            report(line, $"unknown section id '{id}'; known ids: {string.Join(", ", SectionIds.All)}");
            return null;
        }
        if (sections.ContainsKey(id))
        {
            report(line, $"section {{#{id}}} appears twice");
            return null;
        }
        return new SectionBuilder(id, text, line);
    }

    private static string Source(string markdown, Block block) =>
        Whitespace().Replace(markdown.Substring(block.Span.Start, block.Span.Length), " ").Trim();

    private static string InlineText(ContainerInline? inline)
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

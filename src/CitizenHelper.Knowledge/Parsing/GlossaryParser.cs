using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace CitizenHelper.Knowledge.Parsing;

/// <summary>Parses a glossary file: front matter with <c>lang</c>, then <c>## Term {#id}</c> headings each followed by one paragraph.</summary>
public static class GlossaryParser
{
    public static (Glossary? Glossary, IReadOnlyList<KnowledgeProblem> Problems) Parse(string markdown, string path, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var problems = new List<KnowledgeProblem>();
        void Report(int line, string message) => problems.Add(new KnowledgeProblem(path, line, message));

        (markdown, var document, var front) = FrontMatter.Open(markdown, Report);
        if (front is null)
        {
            return (null, problems);
        }
        foreach (var (key, line) in front.Keys.Where(k => k.Key is not ("lang" or "verified")))
        {
            Report(line, $"unknown front matter key '{key}'");
        }
        var language = front.String("lang", required: true) ?? "";
        var verified = front.Date("verified", required: true);
        if (verified > today)
        {
            Report(front.Line("verified"), $"'verified' is {verified:yyyy-MM-dd}, {KnowledgeProblem.InTheFuture}");
        }

        var terms = new List<GlossaryTerm>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        HeadingBlock? heading = null;
        foreach (var block in document.Skip(1))
        {
            switch (block)
            {
                case HeadingBlock { Level: 1 }:
                    break;
                case HeadingBlock { Level: 2 } h:
                    if (heading is not null)
                    {
                        Report(heading.Line + 1, $"term '{DocumentParser.InlineText(heading.Inline)}' has no explanation");
                    }
                    heading = h;
                    break;
                case ParagraphBlock paragraph when heading is not null:
                    var line = heading.Line + 1;
                    var id = heading.GetAttributes().Id;
                    var term = DocumentParser.InlineText(heading.Inline);
                    if (string.IsNullOrEmpty(id) || !DocumentParser.IdPattern().IsMatch(id))
                    {
                        Report(line, $"term '{term}' needs an id of lowercase letters, digits and dashes, such as {{#trich-luc}}");
                    }
                    else if (!ids.Add(id))
                    {
                        Report(line, $"term id '{id}' appears twice");
                    }
                    else
                    {
                        var explanation = markdown.Substring(paragraph.Span.Start, paragraph.Span.Length).ReplaceLineEndings(" ").Trim();
                        terms.Add(new GlossaryTerm(id, term, explanation, line));
                    }
                    heading = null;
                    break;
                case BlankLineBlock:
                    break;
                default:
                    Report(block.Line + 1, "a glossary holds only '## Term {#id}' headings, each followed by one paragraph");
                    break;
            }
        }
        if (heading is not null)
        {
            Report(heading.Line + 1, $"term '{DocumentParser.InlineText(heading.Inline)}' has no explanation");
        }
        return problems.Count > 0 ? (null, problems) : (new Glossary(language, terms, path), problems);
    }
}

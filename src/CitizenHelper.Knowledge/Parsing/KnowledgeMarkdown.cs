using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CitizenHelper.Knowledge.Parsing;

/// <summary>The one Markdig pipeline every knowledge file is parsed with: immutable, thread-safe, built once.</summary>
public static class KnowledgeMarkdown
{
    public static MarkdownPipeline Pipeline { get; } = Build();

    private static MarkdownPipeline Build()
    {
        var builder = new MarkdownPipelineBuilder()
            .UseYamlFrontMatter()
            .DisableHtml()
            .UseGenericAttributes();
        builder.DocumentProcessed += KeepSafe;
        return builder.Build();
    }

    /// <summary>
    /// Knowledge files become pages on the service's own origin, and staff drafts become knowledge files: section
    /// ids and classes are all the format needs from <c>{…}</c> attributes, so any other attribute (an event
    /// handler, a style) is dropped, and links that are not web, mail or phone addresses lead nowhere.
    /// </summary>
    private static void KeepSafe(MarkdownDocument document)
    {
        foreach (var node in document.Descendants())
        {
            node.TryGetAttributes()?.Properties?.Clear();
            switch (node)
            {
                case LinkInline link when !IsSafeUrl(link.Url):
                    link.Url = "#";
                    break;
                case AutolinkInline autolink when !autolink.IsEmail && !IsSafeUrl(autolink.Url):
                    autolink.Url = "#";
                    break;
            }
        }
    }

    private static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return true;
        }
        var trimmed = url.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var slash = trimmed.IndexOfAny(['/', '?', '#']);
        // No scheme (relative, or a fragment): stays on this site.
        if (colon < 0 || (slash >= 0 && slash < colon))
        {
            return true;
        }
        var scheme = trimmed[..colon];
        return scheme.Equals("https", StringComparison.OrdinalIgnoreCase) || scheme.Equals("http", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("mailto", StringComparison.OrdinalIgnoreCase) || scheme.Equals("tel", StringComparison.OrdinalIgnoreCase);
    }
}

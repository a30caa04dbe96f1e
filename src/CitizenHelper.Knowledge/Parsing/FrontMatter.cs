using System.Globalization;
using System.Text;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CitizenHelper.Knowledge.Parsing;

/// <summary>Reads typed values out of a YAML front matter mapping, recording a problem (with its line) for each bad value.</summary>
internal sealed class FrontMatter
{
    private readonly YamlMappingNode _root;
    private readonly int _lineOffset;
    private readonly Action<int, string> _report;

    private FrontMatter(YamlMappingNode root, int lineOffset, Action<int, string> report)
    {
        _root = root;
        _lineOffset = lineOffset;
        _report = (line, message) =>
        {
            HasProblems = true;
            report(line, message);
        };
    }

    /// <summary>True once any problem was reported through this front matter.</summary>
    public bool HasProblems { get; private set; }

    public void Report(int line, string message) => _report(line, message);

    /// <summary>Line (1-based, in the file) where the front matter starts.</summary>
    public int FirstLine => _lineOffset + 1;

    /// <summary>
    /// Parses a knowledge file with the shared pipeline (line ends and Unicode normalised) and reads its front
    /// matter; <c>Front</c> is null, with the problem reported, when the file has none or it is not valid YAML.
    /// </summary>
    public static (string Markdown, MarkdownDocument Document, FrontMatter? Front) Open(string markdown, Action<int, string> report)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(report);
        markdown = Text.VietnameseText.Normalized(markdown.Replace("\r\n", "\n", StringComparison.Ordinal), NormalizationForm.FormC);
        MarkdownDocument document;
        try
        {
            document = Markdig.Markdown.Parse(markdown, KnowledgeMarkdown.Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig's own refusal of nesting deeper than it parses (thousands of '>' or '[').
            report(1, "the file nests lists, quotes or brackets too deeply to be read");
            return (markdown, new MarkdownDocument(), null);
        }
        if (document.FirstOrDefault() is not YamlFrontMatterBlock yamlBlock)
        {
            report(1, "the file must start with YAML front matter between '---' lines");
            return (markdown, document, null);
        }
        return (markdown, document, Load(yamlBlock.Lines.ToString(), yamlBlock.Line + 1, report));
    }

    public static FrontMatter? Load(string yaml, int lineOffset, Action<int, string> report)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (NestingDepth(yaml) > MaxNesting)
        {
            // YamlDotNet parses nesting by recursion: thousands of '[' or '- ' would overflow the stack and end the process.
            report(lineOffset + 1, $"front matter nests lists or mappings more than {MaxNesting} deep");
            return null;
        }
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                report(lineOffset + 1, "front matter must be a YAML mapping of keys to values");
                return null;
            }
            return new FrontMatter(root, lineOffset, report);
        }
        catch (YamlException e)
        {
            report(lineOffset + (int)e.Start.Line, $"front matter is not valid YAML: {e.InnerException?.Message ?? e.Message}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this for some unterminated constructs at the end of input.
            report(lineOffset + 1, "front matter is not valid YAML: a list or quote is not closed");
            return null;
        }
    }

    private const int MaxNesting = 64;

    /// <summary>At least as deep as YAML would nest: open flow brackets, plus block indicators ('- ', '? ') opening one line.</summary>
    private static int NestingDepth(string yaml)
    {
        var deepest = 0;
        var open = 0;
        foreach (var line in yaml.Split('\n'))
        {
            var indent = line.Length - line.AsSpan().TrimStart(' ').Length;
            // Walked by index: cutting the line after each indicator copied it each time, quadratic on one long line.
            var at = indent;
            var indicators = 0;
            while (at + 1 < line.Length && line[at] is '-' or '?' && line[at + 1] == ' ')
            {
                indicators++;
                at += 2;
                while (at < line.Length && line[at] == ' ')
                {
                    at++;
                }
            }
            foreach (var c in line)
            {
                open += c switch { '[' or '{' => 1, ']' or '}' => open > 0 ? -1 : 0, _ => 0 };
                deepest = Math.Max(deepest, open);
            }
            deepest = Math.Max(deepest, indicators + (indent / 2) + open);
        }
        return deepest;
    }

    /// <summary>The line of a key's value, or the first line when the key is absent.</summary>
    public int Line(string key) => Find(key, required: false) is { } node ? LineOf(node) : FirstLine;

    public IEnumerable<(string Key, int Line)> Keys =>
        _root.Children.Keys.Select(k => (((k as YamlScalarNode)?.Value ?? "").Trim(), LineOf(k)));

    public string? String(string key, bool required)
    {
        var node = Find(key, required);
        if (node is null)
        {
            return null;
        }
        if (node is YamlScalarNode { Value: { } value } && !string.IsNullOrWhiteSpace(value))
        {
            return value.Trim();
        }
        _report(LineOf(node), $"'{key}' must be a non-empty text value");
        return null;
    }

    public IReadOnlyList<string> StringList(string key, bool required)
    {
        var node = Find(key, required);
        switch (node)
        {
            case null:
                return [];
            case YamlSequenceNode sequence:
                var values = new List<string>();
                foreach (var item in sequence)
                {
                    if (item is YamlScalarNode { Value: { } v } && !string.IsNullOrWhiteSpace(v))
                    {
                        values.Add(v.Trim());
                    }
                    else
                    {
                        _report(LineOf(item), $"every item of '{key}' must be a non-empty text value");
                    }
                }
                if (required && values.Count == 0)
                {
                    _report(LineOf(node), $"'{key}' must list at least one item");
                }
                return values;
            default:
                _report(LineOf(node), $"'{key}' must be a list");
                return [];
        }
    }

    public DateOnly? Date(string key, bool required)
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        _report(LineOf(Find(key, false)!), $"'{key}' must be a date written YYYY-MM-DD, not '{text}'");
        return null;
    }

    public Uri? Url(string key, bool required) => ToUrl(String(key, required), key, Find(key, false));

    public IReadOnlyList<SourceReference> Sources(string key)
    {
        var node = Find(key, required: true);
        if (node is null)
        {
            return [];
        }
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            _report(LineOf(node), $"'{key}' must be a list of {{title, url}}");
            return [];
        }
        var sources = new List<SourceReference>();
        foreach (var item in sequence)
        {
            if (item is not YamlMappingNode map)
            {
                _report(LineOf(item), $"every item of '{key}' needs a title and a url");
                continue;
            }
            var title = Scalar(map, "title");
            var url = ToUrl(Scalar(map, "url"), $"{key}.url", item);
            if (string.IsNullOrWhiteSpace(title))
            {
                _report(LineOf(item), $"every item of '{key}' needs a title");
            }
            else if (url is not null)
            {
                sources.Add(new SourceReference(title.Trim(), url));
            }
        }
        return sources;
    }

    private Uri? ToUrl(string? text, string key, YamlNode? node)
    {
        if (text is null)
        {
            if (node is not null && node is not YamlScalarNode)
            {
                return null;
            }
            if (node is null && key.Contains('.', StringComparison.Ordinal))
            {
                _report(FirstLine, $"'{key}' is missing");
            }
            return null;
        }
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
        {
            return url;
        }
        _report(node is null ? FirstLine : LineOf(node), $"'{key}' must be an http(s) address, not '{text}'");
        return null;
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? (node as YamlScalarNode)?.Value : null;

    private YamlNode? Find(string key, bool required)
    {
        if (_root.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return node;
        }
        if (required)
        {
            _report(FirstLine, $"required key '{key}' is missing from the front matter");
        }
        return null;
    }

    private int LineOf(YamlNode node) => _lineOffset + (int)node.Start.Line;
}

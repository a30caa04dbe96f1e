using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace CitizenHelper.Answering.Llm;

/// <summary>
/// Machine translation of short texts line by line (guided mode's questions, steps, buttons and summaries) with the
/// same prompt as answers (<see cref="TranslatePrompt"/>). A translation is used only when it is faithful line by
/// line: as many lines, each with its list marker, its numbers and its links. Translated lines are remembered, so a
/// text shown to many residents is translated once; only lines not yet known go to the LLM.
/// </summary>
public sealed partial class TextTranslator(Kernel kernel, LlmOptions options, TranslatePrompt prompt, CircuitBreaker breaker, ILogger<TextTranslator> logger)
{
    private const int RememberedLines = 20_000;
    private readonly ConcurrentDictionary<(string Source, string Target, string Line), string> _known = new();
    private readonly LlmCall _llm = new(kernel, options, breaker, logger);

    /// <summary>False without an LLM or while the circuit breaker is open.</summary>
    public bool Available => _llm.Available;

    /// <summary>
    /// Each line translated from <paramref name="source"/> into <paramref name="target"/> (link definitions such as
    /// <c>[1]: url</c> and empty lines stay as they are), or null when there is no LLM, no answer in time, or the
    /// answer is not faithful: the caller then shows the original and says so.
    /// </summary>
    public async Task<IReadOnlyList<string>?> TranslateAsync(IReadOnlyList<string> lines, string source, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var result = new string[lines.Count];
        var wanted = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Contains('\n', StringComparison.Ordinal))
            {
                throw new ArgumentException("Each line must be a single line.", nameof(lines));
            }
            if (line.Trim().Length == 0 || LinkDefinition().IsMatch(line))
            {
                result[i] = line;
            }
            else if (_known.TryGetValue((source, target, line), out var known))
            {
                result[i] = known;
            }
            else if (!wanted.Contains(line, StringComparer.Ordinal))
            {
                wanted.Add(line);
            }
        }
        if (wanted.Count > 0)
        {
            if (!Available)
            {
                return null;
            }
            var reply = await AskAsync(string.Join('\n', wanted), source, target, cancellationToken).ConfigureAwait(false);
            var translated = reply?.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            if (translated is null || translated.Count != wanted.Count || wanted.Where((line, i) => !Faithful(line.Trim(), translated[i])).Any())
            {
                if (translated is not null)
                {
                    logger.LogWarning("Translation of {Lines} guided lines into {Language} failed the line check; the original is shown", wanted.Count, target);
                }
                return null;
            }
            if (_known.Count + wanted.Count > RememberedLines)
            {
                _known.Clear();
            }
            for (var i = 0; i < wanted.Count; i++)
            {
                _known[(source, target, wanted[i])] = translated[i];
            }
            for (var i = 0; i < lines.Count; i++)
            {
                result[i] ??= translated[wanted.IndexOf(lines[i])];
            }
        }
        return result;
    }

    /// <summary>A line and its translation: the same list marker, the same numbers, every link address kept.</summary>
    public static bool Faithful(string line, string translation)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(translation);
        var marker = ListMarker().Match(line).Value;
        if (ListMarker().Match(translation).Value != marker)
        {
            return false;
        }
        var addresses = Address().Matches(line).Select(m => m.Value).ToList();
        if (addresses.Any(a => !translation.Contains(a, StringComparison.Ordinal)))
        {
            return false;
        }
        static HashSet<string> Numbers(string text) => [.. Number().Matches(Address().Replace(text, "")).Select(m => m.Value)];
        return Numbers(line[marker.Length..]).SetEquals(Numbers(translation[marker.Length..]));
    }

    private Task<string?> AskAsync(string text, string source, string target, CancellationToken cancellationToken) =>
        _llm.AskAsync(token => prompt.RenderAsync(kernel, text, source, target, token), "translation of guided text", cancellationToken);

    [GeneratedRegex(@"^\s*\[\d+\]:\s")]
    private static partial Regex LinkDefinition();

    [GeneratedRegex(@"^\s*(- |\d+\. )")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"https?://[^\s)\]""]+")]
    private static partial Regex Address();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();
}

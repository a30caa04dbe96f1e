using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Bot.Guided;

/// <summary>
/// Plain language from a procedure's own lines: short sentences with one idea each, and the administrative words in
/// them found in the glossary. Words are only rearranged, never added, so no fact can be invented here.
/// </summary>
public static partial class PlainWords
{
    /// <summary>The longest sentence guided mode says, in words (Vietnamese: syllables).</summary>
    public const int MaxSentenceWords = 30;

    /// <summary>From this many words on, a sentence is also split at its colons.</summary>
    private const int LongSentenceWords = 20;

    /// <summary>The longest average sentence of a procedure's guided text, in words.</summary>
    public const int MaxAverageWords = 16;

    /// <summary>
    /// Splits a knowledge line into sentences: at full stops, semicolons and dashes, and a long remark in
    /// brackets becomes a sentence of its own. Markdown emphasis and link addresses are dropped.
    /// </summary>
    public static IReadOnlyList<string> Sentences(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = Link().Replace(line, "$1").Replace("**", "", StringComparison.Ordinal);
        text = NestedItem().Replace(text, ". ");
        var remarks = new List<string>();
        text = Remark().Replace(text, m =>
        {
            remarks.Add(m.Groups[1].Value);
            return "";
        });
        var sentences = new List<string>();
        // A colon joins a short lead-in to what follows ("Online: the portal"); a long sentence is split there too.
        var pieces = Breaks().Split(text).Concat(remarks)
            .SelectMany(p => WordCount(p) > LongSentenceWords ? Colon().Split(p) : [p]);
        foreach (var piece in pieces)
        {
            var sentence = Tidy(piece);
            if (sentence.Length > 0)
            {
                sentences.Add(sentence);
            }
        }
        return sentences;
    }

    /// <summary>How many words a sentence has.</summary>
    public static int WordCount(string sentence) =>
        sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetterOrDigit));

    /// <summary>First letter upper case, one full stop at the end, single spaces.</summary>
    private static string Tidy(string piece)
    {
        var trimmed = Spaces().Replace(piece, " ").Trim();
        var sentence = trimmed.TrimEnd(';', ':', ',', '.', ' ').TrimStart('-', '–', '—', ',', ' ');
        if (sentence.Length == 0 || !sentence.Any(char.IsLetterOrDigit))
        {
            return "";
        }
        if (trimmed.EndsWith(':'))
        {
            // A lead-in split from what it introduces keeps its colon: "If you apply elsewhere:".
            return char.ToUpper(sentence[0], CultureInfo.InvariantCulture) + sentence[1..] + ":";
        }
        if (sentence.EndsWith('?') || sentence.EndsWith('!') || sentence.EndsWith('…'))
        {
            return char.ToUpper(sentence[0], CultureInfo.InvariantCulture) + sentence[1..];
        }
        return char.ToUpper(sentence[0], CultureInfo.InvariantCulture) + sentence[1..] + ".";
    }

    /// <summary>
    /// The glossary terms a text uses, in order of first use; a longer term wins over a shorter one inside it
    /// ("bản sao có chứng thực" over "bản sao").
    /// </summary>
    public static IReadOnlyList<GlossaryTerm> TermsIn(string text, Glossary? glossary)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (glossary is null)
        {
            return [];
        }
        var normalized = text.Normalize(NormalizationForm.FormC);
        var taken = new bool[normalized.Length];
        var found = new List<(int At, GlossaryTerm Term)>();
        foreach (var (name, term) in Names(glossary))
        {
            foreach (Match match in Regex.Matches(normalized, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(name)}(?![\p{{L}}\p{{N}}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            {
                if (Enumerable.Range(match.Index, match.Length).Any(i => taken[i]))
                {
                    continue;
                }
                for (var i = match.Index; i < match.Index + match.Length; i++)
                {
                    taken[i] = true;
                }
                if (found.All(f => f.Term.Id != term.Id))
                {
                    found.Add((match.Index, term));
                }
            }
        }
        return [.. found.OrderBy(f => f.At).Select(f => f.Term)];
    }

    /// <summary>A term's short name as shown: the heading without its bracketed part.</summary>
    public static string ShortName(GlossaryTerm term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var bracket = term.Term.IndexOf(" (", StringComparison.Ordinal);
        return bracket > 0 ? term.Term[..bracket] : term.Term;
    }

    /// <summary>
    /// The names a term is found by, longest first. Vietnamese headings list other names in brackets
    /// ("Căn cước (thẻ căn cước)"); other languages put the Vietnamese word there, so only the first name counts.
    /// </summary>
    private static IEnumerable<(string Name, GlossaryTerm Term)> Names(Glossary glossary)
    {
        var names = new List<(string, GlossaryTerm)>();
        foreach (var term in glossary.Terms)
        {
            names.Add((ShortName(term).Normalize(NormalizationForm.FormC), term));
            if (glossary.Language == "vi" && Bracketed().Match(term.Term) is { Success: true } bracketed)
            {
                names.AddRange(bracketed.Groups[1].Value.Split(", ").Select(n => (n.Trim().Normalize(NormalizationForm.FormC), term)));
            }
        }
        return names.Where(n => n.Item1.Length > 1).OrderByDescending(n => n.Item1.Length);
    }

    [GeneratedRegex(@"\[([^\]]+)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\s*\n\s*(?:[-*]|\d+\.)\s+")]
    private static partial Regex NestedItem();

    /// <summary>A bracketed remark of four words or more, with no brackets inside.</summary>
    [GeneratedRegex(@"\s*\(((?:[^()\s]+\s+){3,}[^()\s]+)\)")]
    private static partial Regex Remark();

    /// <summary>Sentence ends, semicolons, dashes, and ", but": a contrast is a new idea. A colon keeps its two halves together.</summary>
    [GeneratedRegex(@"(?<=[.;!?])\s+|\s+—\s+|,\s+(?=(?:nhưng|but)\s)")]
    private static partial Regex Breaks();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"(?<=:)\s+")]
    private static partial Regex Colon();

    [GeneratedRegex(@"\(([^()]+)\)\s*$")]
    private static partial Regex Bracketed();
}

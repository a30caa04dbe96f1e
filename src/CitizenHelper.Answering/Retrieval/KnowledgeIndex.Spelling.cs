using System.Text.RegularExpressions;
using CitizenHelper.Answering.Text;

namespace CitizenHelper.Answering.Retrieval;

/// <summary>
/// How the index reads what was typed: syllables run together split apart, a one-letter slip corrected to a word the
/// documents use.
/// </summary>
public sealed partial class KnowledgeIndex
{
    /// <summary>
    /// The text's words as the index reads them (<see cref="QueryText.Words"/>), with syllables typed without the
    /// space between them split apart ("dangky" → "dang ky", "giayto" → "giay to") when the documents know the word
    /// they make together.
    /// </summary>
    public string[] Words(string text)
    {
        var words = QueryText.Words(text);
        List<string>? split = null;
        for (var i = 0; i < words.Length; i++)
        {
            var parts = words[i].Length is >= 4 and <= 16 && words[i].All(char.IsAsciiLetterLower) && !_vocabulary.Contains(words[i])
                && !CommonWords.Contains(words[i]) && !VietnameseSyllable().IsMatch(words[i]) ? Segment(words[i]) : null;
            if (parts is null)
            {
                split?.Add(words[i]);
                continue;
            }
            split ??= [.. words[..i]];
            split.AddRange(parts);
        }
        return split is null ? words : [.. split];
    }

    /// <summary>
    /// The way to cut a word into two to four Vietnamese syllables that makes the most pairs the documents know
    /// (at least one, and each syllable a word of theirs or an everyday one); null when there is none.
    /// </summary>
    private string[]? Segment(string word)
    {
        string[]? best = null;
        var bestPairs = 0;
        foreach (var parts in Syllables(word, 4))
        {
            if (parts.Count < 2)
            {
                continue;
            }
            var mapped = parts.Select(QueryText.Spelling).ToList();
            if (mapped.Any(m => !(_vocabulary.Contains(m) || Terms.IsStopWord(m) || CommonWords.Contains(m))))
            {
                continue;
            }
            var pairs = 0;
            for (var i = 0; i + 1 < mapped.Count; i++)
            {
                pairs += _pairs.Contains($"{mapped[i]} {mapped[i + 1]}") ? 1 : 0;
            }
            if (pairs > bestPairs)
            {
                best = [.. mapped];
                bestPairs = pairs;
            }
        }
        return best;
    }

    /// <summary>Every way to read the word as at most <paramref name="most"/> folded Vietnamese syllables.</summary>
    private static IEnumerable<List<string>> Syllables(string word, int most)
    {
        if (VietnameseSyllable().IsMatch(word))
        {
            yield return [word];
        }
        if (most < 2)
        {
            yield break;
        }
        for (var cut = 1; cut < word.Length && cut <= 7; cut++)
        {
            var head = word[..cut];
            if (!VietnameseSyllable().IsMatch(head))
            {
                continue;
            }
            foreach (var rest in Syllables(word[cut..], most - 1))
            {
                rest.Insert(0, head);
                yield return rest;
            }
        }
    }

    private static bool IsEveryday(string word) => Terms.IsStopWord(word) || CommonWords.Contains(word);

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    // A folded Vietnamese syllable: optional initial consonant(s), one to three vowels, optional final consonant(s).
    [GeneratedRegex("^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?$")]
    private static partial Regex VietnameseSyllable();

    /// <summary>
    /// A word one typing slip away from one that documents have ("sin" → "sinh", "vag" → "vang"): the candidate
    /// that forms a known pair with a neighbour, else — for a long word no document has — the most common one.
    /// Null when there is none; short words are left alone.
    /// </summary>
    private string? Correct(string word, string? previous, string? next)
    {
        if (word.Length < 3 || Terms.IsStopWord(word))
        {
            return null;
        }
        var exists = _vocabulary.Contains(word);
        if (exists && (IsKnownPair(previous, word) || IsKnownPair(word, next)))
        {
            return null;
        }

        // First a word one slip away that forms a known pair with a neighbour ("tạm vắg" → "tạm vắng"); a word that
        // exists is replaced only so ("mai tán" → "mai táng").
        string? best = null;
        var bestCount = 0;
        void Consider(HashSet<string>? candidates)
        {
            foreach (var candidate in candidates ?? [])
            {
                if (candidate != word && (OneEditApart(word, candidate) || Transposed(word, candidate)) && KeysWith(candidate) is var count && count > bestCount)
                {
                    best = candidate;
                    bestCount = count;
                }
            }
        }
        Consider(previous is null ? null : _following.GetValueOrDefault(previous));
        Consider(next is null ? null : _preceding.GetValueOrDefault(next));
        // Only into a word that makes a name with its neighbour ("tạm vắg" → "tạm vắng", "mai tán" → "mai táng"), not
        // into any pair some sentence has ("mất cả" is not "một cả", "bằng đại học" not "bằng tài khoản").
        var makesName = best is not null && (_anyNamePostings.ContainsKey($"{previous} {best}") || _anyNamePostings.ContainsKey($"{best} {next}"));
        if (makesName || exists)
        {
            return makesName ? best : null;
        }
        best = null;
        bestCount = 0;

        // Else, for a word no document has, the most common long word one slip away ("chung thuc" typed "chung thuk").
        foreach (var variant in Deletions(word).Prepend(word))
        {
            foreach (var candidate in _byDeletion.GetValueOrDefault(variant) ?? [])
            {
                var count = KeysWith(candidate);
                if (candidate.Length >= 5 && count > bestCount && OneEditApart(word, candidate))
                {
                    best = candidate;
                    bestCount = count;
                }
            }
        }
        return best;
    }

    private bool IsKnownPair(string? first, string? second) =>
        first is not null && second is not null && _following.TryGetValue(first, out var following) && following.Contains(second);

    private static IEnumerable<string> Deletions(string word)
    {
        for (var i = 0; i < word.Length; i++)
        {
            yield return string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1));
        }
    }

    /// <summary>True when swapping two neighbouring letters turns one word into the other ("khia" / "khai").</summary>
    private static bool Transposed(string a, string b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }
        var at = 0;
        while (at < a.Length && a[at] == b[at])
        {
            at++;
        }
        return at + 1 < a.Length && a[at] == b[at + 1] && a[at + 1] == b[at] && a.AsSpan(at + 2).SequenceEqual(b.AsSpan(at + 2));
    }

    /// <summary>True when one insertion, deletion or substitution turns one word into the other.</summary>
    private static bool OneEditApart(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }
        if (a.Length > b.Length)
        {
            (a, b) = (b, a);
        }
        int i = 0, j = 0, edits = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                i++;
                j++;
                continue;
            }
            if (++edits > 1)
            {
                return false;
            }
            if (a.Length == b.Length)
            {
                i++;
            }
            j++;
        }
        return edits + (b.Length - j) + (a.Length - i) <= 1;
    }
}

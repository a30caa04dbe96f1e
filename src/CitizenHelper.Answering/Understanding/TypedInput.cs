using System.Buffers;
using System.Text;
using CitizenHelper.Answering.Text;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Answering.Understanding;

/// <summary>
/// Repairs words typed with a Vietnamese input method switched off or half on: the Telex keys left in the word
/// ("dangw kys" for "đăng ký", "giaays towf", "khai sinhf") and VNI digits ("d9a8ng ky1"), and two letters typed in
/// the wrong order ("khia sinh"). A word is repaired only
/// when it is not a word we know as typed and its repair is a Vietnamese syllable the knowledge base knows, so codes
/// ("1.001193"), shorthand ("kt3", "cccd"), English ("was", "form") and numbers stay as they are.
/// </summary>
public static class TypedInput
{
    // Telex tone keys (sắc, huyền, hỏi, ngã, nặng): no folded Vietnamese syllable has these letters after its vowel.
    private const string ToneKeys = "sfrxj";
    private const string Vowels = "aeiouy";
    private static readonly SearchValues<char> ToneKeyValues = SearchValues.Create(ToneKeys);
    private static readonly SearchValues<char> VowelValues = SearchValues.Create(Vowels);

    private static readonly string[] Onsets =
        ["ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", ""];

    private static readonly HashSet<string> Nuclei = new(
    [
        "a", "e", "i", "o", "u", "y", "ai", "ao", "au", "ay", "eo", "eu", "ia", "ie", "iu", "oa", "oe", "oi", "oo", "ua", "ue",
        "ui", "uo", "uu", "uy", "ya", "ye", "ieu", "oai", "oay", "oeo", "uay", "uoi", "uou", "uya", "uye", "uyu", "yeu",
    ], StringComparer.Ordinal);

    private static readonly string[] Codas = ["ng", "nh", "ch", "c", "m", "n", "p", "t", ""];

    // Chat spellings that only make sense with their marks, spelled out before folding mixes them with other words.
    private static readonly Dictionary<string, string> MarkedShorthand = new(StringComparer.Ordinal)
    {
        ["sđ"] = "sổ đỏ",
    };

    /// <summary>
    /// The text with each repairable word replaced by its folded repair; everything else (spacing, punctuation,
    /// links, codes) as typed. <paramref name="knows"/> tells whether a folded word is one the knowledge base uses.
    /// </summary>
    public static string Repair(string text, Func<string, bool> knows)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(knows);
        var result = new StringBuilder(text.Length);
        var changed = false;
        foreach (var token in text.Split(' '))
        {
            if (result.Length > 0)
            {
                result.Append(' ');
            }
            var repaired = RepairToken(token, knows);
            changed |= repaired != token;
            result.Append(repaired);
        }
        return changed ? result.ToString() : text;
    }

    /// <summary>The word's repair (folded), or null when it is not a slip of the input method.</summary>
    public static string? RepairWord(string word, Func<string, bool> knows)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(knows);
        var folded = VietnameseText.Fold(word);
        if (folded.Length < 2 || !folded.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)) || !char.IsAsciiLetterLower(folded[0]))
        {
            return null;
        }
        var candidates = folded.Any(char.IsAsciiDigit) ? VniCandidates(folded) : TelexCandidates(folded).Concat(Swaps(folded));
        var repair = candidates.FirstOrDefault(c => c != folded && (c.Length > 1 || c == "o") && IsSyllable(c) && (knows(c) || knows(QueryText.Spelling(c))));
        return repair is null || IsKnownAsTyped(folded, knows) ? null : repair;
    }

    private static string RepairToken(string token, Func<string, bool> knows)
    {
        var start = 0;
        var end = token.Length;
        while (start < end && char.IsPunctuation(token[start]))
        {
            start++;
        }
        while (end > start && char.IsPunctuation(token[end - 1]))
        {
            end--;
        }
        var core = token[start..end];
        if (core.Length == 0)
        {
            return token;
        }
        var replacement = MarkedShorthand.GetValueOrDefault(core.ToLowerInvariant()) ?? RepairWord(core, knows);
        return replacement is null ? token : string.Concat(token.AsSpan(0, start), replacement, token.AsSpan(end));
    }

    /// <summary>
    /// The word with Telex keys taken out: "dd" for đ, 'w' for ă/ơ/ư, tone keys at the end ("kys", "truss") or between
    /// the vowel and the final consonant ("dasng"); then the same with a doubled vowel (â, ê, ô: "giaay") made single.
    /// </summary>
    private static IEnumerable<string> TelexCandidates(string word)
    {
        var s = word.StartsWith("dd", StringComparison.Ordinal) ? word[1..] : word;
        var first = s.AsSpan().IndexOfAny(VowelValues);
        if (first < 0)
        {
            yield break;
        }
        var rest = s[first..];
        var trailing = rest.Length - rest.TrimEnd(ToneKeys.ToCharArray()).Length;
        if (trailing is > 0 and <= 2)
        {
            rest = rest[..^trailing];
        }
        rest = rest.Replace("w", "", StringComparison.Ordinal);
        var tone = rest.AsSpan().IndexOfAny(ToneKeyValues);
        if (tone > 0 && Vowels.Contains(rest[tone - 1], StringComparison.Ordinal) && Codas.Contains(rest[(tone + 1)..]))
        {
            rest = rest.Remove(tone, 1);
        }
        var plain = s[..first] + rest;
        yield return plain;
        foreach (var doubled in new[] { "aa", "ee", "oo" })
        {
            var at = plain.IndexOf(doubled, StringComparison.Ordinal);
            if (at >= 0)
            {
                yield return plain.Remove(at, 1);
            }
        }
    }

    /// <summary>The word with two neighbouring letters swapped where one is a vowel ("khia" for "khai", "thoi" for "thio").</summary>
    private static IEnumerable<string> Swaps(string word)
    {
        for (var i = 0; i + 1 < word.Length; i++)
        {
            if (word[i] != word[i + 1] && (Vowels.Contains(word[i], StringComparison.Ordinal) || Vowels.Contains(word[i + 1], StringComparison.Ordinal)))
            {
                yield return string.Concat(word.AsSpan(0, i), [word[i + 1], word[i]], word.AsSpan(i + 2));
            }
        }
    }

    /// <summary>The word with VNI keys (digits 1–9: tones, marks, 9 for đ) taken out; none when it has a 0 or no vowel.</summary>
    private static IEnumerable<string> VniCandidates(string word)
    {
        if (word.Contains('0', StringComparison.Ordinal) || !word.Any(c => Vowels.Contains(c, StringComparison.Ordinal)))
        {
            yield break;
        }
        yield return new string([.. word.Where(char.IsAsciiLetterLower)]);
    }

    /// <summary>True for a folded Vietnamese syllable: an onset, a vowel group Vietnamese has, a final consonant.</summary>
    public static bool IsSyllable(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        foreach (var onset in Onsets.Where(o => word.StartsWith(o, StringComparison.Ordinal)))
        {
            var rest = word[onset.Length..];
            foreach (var coda in Codas.Where(c => rest.EndsWith(c, StringComparison.Ordinal) && rest.Length > c.Length))
            {
                if (Nuclei.Contains(rest[..^coda.Length]))
                {
                    return true;
                }
            }
        }
        return false;
    }

    // Known as typed: a word of the documents (English ones by their stem: "papers"), or one the query reading spells
    // out or maps ("dkks", "kids"). Stemming alone does not make a word known: "giaays" would stem to "giaay".
    private static bool IsKnownAsTyped(string word, Func<string, bool> knows)
    {
        var stem = QueryText.Stem(word);
        return knows(word) || knows(stem) || QueryText.Words(word) is not [var same] || (same != word && same != stem);
    }
}

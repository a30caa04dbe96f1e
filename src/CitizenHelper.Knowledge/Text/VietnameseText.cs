using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CitizenHelper.Knowledge.Text;

/// <summary>
/// Vietnamese text handling for matching: citizens type with or without diacritics, with either tone-mark
/// placement, and with 'đ' as 'd'. Folding removes all of that so both sides compare equal.
/// </summary>
public static partial class VietnameseText
{
    [GeneratedRegex(@"\b\d\.\d{6}\b")]
    private static partial Regex ProcedureCode();

    /// <summary>
    /// <see cref="string.Normalize(NormalizationForm)"/> for any text: what it refuses (a lone surrogate, U+FFFE, both
    /// possible in valid UTF-8 or JSON) becomes U+FFFD instead of an <see cref="ArgumentException"/>.
    /// </summary>
    public static string Normalized(string text, NormalizationForm form)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return text.Normalize(form);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)).Replace('\uFFFE', '\uFFFD').Normalize(form);
        }
    }

    /// <summary>Lowercase, no diacritics, 'đ' → 'd', punctuation as spaces, single-spaced.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = Normalized(text, NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        var lastWasSpace = true;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            var mapped = c switch
            {
                'đ' or 'Đ' => 'd',
                _ => char.ToLowerInvariant(c),
            };
            if (char.IsLetterOrDigit(mapped))
            {
                folded.Append(mapped);
                lastWasSpace = false;
            }
            else if (!lastWasSpace)
            {
                folded.Append(' ');
                lastWasSpace = true;
            }
        }
        return folded.ToString().TrimEnd();
    }

    /// <summary>The folded syllables (words) of a text.</summary>
    public static string[] Syllables(string text) =>
        Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>National procedure codes (1.001193) written in the text.</summary>
    public static IEnumerable<string> ProcedureCodes(string text) =>
        ProcedureCode().Matches(text ?? "").Select(m => m.Value);

    /// <summary>True when the text carries Vietnamese diacritics or the letter đ.</summary>
    public static bool HasVietnameseMarks(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in Normalized(text, NormalizationForm.FormD))
        {
            if (c is 'đ' or 'Đ' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                return true;
            }
        }
        return false;
    }
}

using System.Text;
using System.Text.RegularExpressions;

namespace CitizenHelper.Knowledge.Text;

/// <summary>
/// Removes Vietnamese personal identifiers from text before it is logged or kept: 12-digit citizen ID numbers
/// (and 9-digit old ID card numbers), phone numbers, and e-mail addresses, in the shapes citizens type them —
/// grouped with spaces, dots or dashes, with +84, 84 or (+84), in full-width digits, or an address spelled
/// "an(at)gmail(dot)com". Procedure codes (1.001193), fees (50.000 đồng), dates and years are kept.
/// </summary>
public static partial class PersonalData
{
    public const string IdPlaceholder = "[số định danh]";
    public const string PhonePlaceholder = "[số điện thoại]";
    public const string EmailPlaceholder = "[email]";

    private const string Local = @"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+";
    private const string Label = "[A-Za-z0-9-]+";
    private const string TopLevel = "[A-Za-z]{2,6}(?![A-Za-z0-9-])";
    private const string BracketAt = @"\s*[(\[{]\s*at\s*[)\]}]\s*";
    private const string BracketDot = @"\s*[(\[{]\s*dot\s*[)\]}]\s*";
    private const string WordDot = @"\s+dot\s+";

    // Three ways of writing the "@", each with the ways of writing the dots that cannot be read as ordinary prose:
    // "@" with any dot (spaces around a "." included); "(at)" with a plain or written-out dot; " at " only with a
    // written-out dot, since "at home. Come" is a sentence.
    [GeneratedRegex(
        Local + @"(?:\s*@\s*(?:" + Label + @"(?:\s*\.\s*|" + BracketDot + "|" + WordDot + "))+"
        + "|" + BracketAt + "(?:" + Label + @"(?:\.|" + BracketDot + "|" + WordDot + "))+"
        + @"|\s+at\s+(?:" + Label + "(?:" + BracketDot + "|" + WordDot + "))+)" + TopLevel,
        RegexOptions.IgnoreCase)]
    private static partial Regex Email();

    // Mobile and landline numbers: +84, (+84), 0084 or 0 (or a bare 84 before a mobile number), then 9–10 digits,
    // allowing spaces, dots, dashes or brackets between groups: "(+84) 912 345 678", "84 912 345 678", "(024) 3825 1234".
    [GeneratedRegex(@"(?<![\d+])(?:\(?\+\s?84|\(?0084|84(?=[\s.\-]?[35789](?:[\s.\-]?\d){8}(?!\d))|\(?0)(?:[\s.\-()]{0,2}\d){9,10}(?!\d)")]
    private static partial Regex Phone();

    // A citizen ID: 12 digits, which start with 0 (the first three are the province code, 001–096), possibly grouped
    // ("0790 9500 1234", "079.095.001.234"); twelve digits in a row whatever they start with; an old identity card's
    // 9 digits in a row. Grouped twelve-digit numbers not starting with 0 are amounts (120.000.000.000 đồng) or years
    // in a row (2023 2024 2025), not IDs.
    [GeneratedRegex(@"(?<![\d.,])(?:0(?:[\s.\-]?\d){11}|\d{12}|\d{9})(?!\d|[.,]\d)")]
    private static partial Regex IdNumber();

    // An identifier together with the words that name it ("CCCD của tôi là 0012…"): about the citizen, not the topic.
    [GeneratedRegex(@"(?:cccd|cmnd|căn cước(?: công dân)?|can cuoc(?: cong dan)?|chứng minh(?: nhân dân)?|chung minh(?: nhan dan)?|số định danh|so dinh danh|số điện thoại|so dien thoai|sđt|sdt|điện thoại|dien thoai)?\s*(?:của\s+\w+|cua\s+\w+)?\s*(?:là|la)?\s*:?\s*(?:\[số định danh\]|\[số điện thoại\]|\[email\])", RegexOptions.IgnoreCase)]
    private static partial Regex LabelledIdentifier();

    /// <summary>The text without personal identifiers or the words that introduce them, for understanding a question.</summary>
    public static string Strip(string text) => LabelledIdentifier().Replace(Redact(text), " ").Trim();

    public static string Redact(string text) => Redact(text, keepPhone: null);

    /// <summary>
    /// The text with identifiers replaced by placeholders; a phone number <paramref name="keepPhone"/> says yes to
    /// (given its national form, <see cref="NationalNumber"/>) is kept: a center's published number in a staff reply.
    /// </summary>
    public static string Redact(string text, Func<string, bool>? keepPhone)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Matched on a copy with full-width forms (０９１２, ＠, ．, ＋) as ASCII, one character for one, so a match's
        // place is the same in the text; what is not an identifier is kept as it was typed.
        var plain = HalfWidth(text);
        (text, plain) = Replace(Email(), text, plain, EmailPlaceholder, keep: null);
        (text, plain) = Replace(Phone(), text, plain, PhonePlaceholder, keepPhone is null ? null : m => keepPhone(NationalNumber(m)));
        return Replace(IdNumber(), text, plain, IdPlaceholder, keep: null).Text;
    }

    /// <summary>A phone number's digits in national form: +84 / 84 / 0084 become the leading 0 ("+84 (0) 912…" → 0912…).</summary>
    public static string NationalNumber(string phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        var digits = new string([.. HalfWidth(phone).Where(char.IsAsciiDigit)]);
        if (phone.TrimStart().StartsWith('+') || digits.StartsWith("0084", StringComparison.Ordinal) || (digits.StartsWith("84", StringComparison.Ordinal) && digits.Length >= 11))
        {
            digits = digits.StartsWith("0084", StringComparison.Ordinal) ? digits[4..] : digits.StartsWith("84", StringComparison.Ordinal) ? digits[2..] : digits;
            digits = digits.StartsWith('0') ? digits : "0" + digits;
        }
        return digits;
    }

    private static (string Text, string Plain) Replace(Regex pattern, string text, string plain, string placeholder, Func<string, bool>? keep)
    {
        var matches = pattern.Matches(plain);
        if (matches.Count == 0)
        {
            return (text, plain);
        }
        var redacted = new StringBuilder(text.Length);
        var redactedPlain = new StringBuilder(plain.Length);
        var at = 0;
        foreach (Match match in matches)
        {
            if (keep?.Invoke(match.Value) == true)
            {
                continue;
            }
            redacted.Append(text, at, match.Index - at).Append(placeholder);
            redactedPlain.Append(plain, at, match.Index - at).Append(placeholder);
            at = match.Index + match.Length;
        }
        redacted.Append(text, at, text.Length - at);
        redactedPlain.Append(plain, at, plain.Length - at);
        return (redacted.ToString(), redactedPlain.ToString());
    }

    /// <summary>Full-width ASCII forms (U+FF01–FF5E) and the ideographic space as their ASCII counterparts, one for one.</summary>
    private static string HalfWidth(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\u3000', '\uFF5E'))
        {
            return text;
        }
        return string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c switch
                {
                    >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                    '\u3000' => ' ',
                    _ => c,
                };
            }
        });
    }
}

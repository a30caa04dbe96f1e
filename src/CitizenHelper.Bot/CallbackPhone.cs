using System.Text.RegularExpressions;

namespace CitizenHelper.Bot;

/// <summary>
/// Vietnamese phone numbers as citizens type them: mobiles (10 digits, 03/05/07/08/09) and landlines (11 digits,
/// 02 + area code), with +84, 84 or 0084 for the leading 0, and spaces, dots, dashes or brackets between groups.
/// </summary>
public static partial class CallbackPhone
{
    // Digits with the separators people type between groups; a leading + only.
    [GeneratedRegex(@"^\+?[\d\s.\-()]+$")]
    private static partial Regex Shape();

    /// <summary>The number as <c>0XXXXXXXXX</c> (mobile) or <c>02XXXXXXXXX</c> (landline), or null when it is not one.</summary>
    public static string? Normalize(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length is 0 or > 24 || !Shape().IsMatch(trimmed))
        {
            return null;
        }
        var digits = new string([.. trimmed.Where(char.IsAsciiDigit)]);
        string national;
        if (trimmed.StartsWith('+') || digits.StartsWith("0084", StringComparison.Ordinal) || (digits.StartsWith("84", StringComparison.Ordinal) && digits.Length is 11 or 12))
        {
            var rest = digits.StartsWith("0084", StringComparison.Ordinal) ? digits[4..] : digits.StartsWith("84", StringComparison.Ordinal) ? digits[2..] : null;
            if (rest is null)
            {
                return null;
            }
            // "+84 (0) 912 …": the trunk 0 written after the country code.
            national = "0" + (rest.StartsWith('0') ? rest[1..] : rest);
        }
        else
        {
            national = digits;
        }
        return national switch
        {
            { Length: 10 } when national[0] == '0' && national[1] is '3' or '5' or '7' or '8' or '9' => national,
            { Length: 11 } when national.StartsWith("02", StringComparison.Ordinal) => national,
            _ => null,
        };
    }

    /// <summary>True when the text is mostly digits: meant as a number, even if not a valid one.</summary>
    public static bool LooksLikeNumber(string text) =>
        text?.Count(char.IsAsciiDigit) is > 5 and var digits && digits * 2 >= text.Count(c => !char.IsWhiteSpace(c));
}

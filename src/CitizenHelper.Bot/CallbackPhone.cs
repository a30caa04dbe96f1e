using System.Text.RegularExpressions;

namespace CitizenHelper.Bot;

/// <summary>
/// Vietnamese phone numbers as citizens type them: mobiles (10 digits, 03/05/07/08/09) and landlines (11 digits,
/// 02 + area code), with +84, 84 or 0084 for the leading 0, and spaces, dots, dashes or brackets between groups.
/// </summary>
public static partial class CallbackPhone
{
    [GeneratedRegex(@"^(?:\+?84|0084|0)\(?0?(?<rest>[1-9][\d\s.\-()]*)$")]
    private static partial Regex Shape();

    /// <summary>The number as <c>0XXXXXXXXX</c> (mobile) or <c>02XXXXXXXXX</c> (landline), or null when it is not one.</summary>
    public static string? Normalize(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length is 0 or > 24 || Shape().Match(trimmed) is not { Success: true } match)
        {
            return null;
        }
        var digits = new string([.. match.Groups["rest"].Value.Where(char.IsAsciiDigit)]);
        var number = "0" + digits;
        return number switch
        {
            { Length: 10 } when number[1] is '3' or '5' or '7' or '8' or '9' => number,
            { Length: 11 } when number[1] == '2' => number,
            _ => null,
        };
    }

    /// <summary>True when the text is mostly digits: meant as a number, even if not a valid one.</summary>
    public static bool LooksLikeNumber(string text) =>
        text?.Count(char.IsAsciiDigit) is > 5 and var digits && digits * 2 >= text.Count(c => !char.IsWhiteSpace(c));
}

using System.Text.RegularExpressions;

namespace CitizenHelper.Knowledge.Text;

/// <summary>
/// Removes Vietnamese personal identifiers from text before it is logged or kept for staff: 12-digit citizen
/// ID numbers (and 9-digit old ID card numbers), phone numbers, and e-mail addresses.
/// </summary>
public static partial class PersonalData
{
    public const string IdPlaceholder = "[số định danh]";
    public const string PhonePlaceholder = "[số điện thoại]";
    public const string EmailPlaceholder = "[email]";

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    // Mobile and landline numbers: +84, 0084 or 0 (or a bare 84 before a mobile number), then 9–10 digits,
    // allowing spaces, dots, dashes or brackets between groups: "(+84) 912 345 678", "(024) 3825 1234".
    [GeneratedRegex(@"(?<![\d+])(?:\(?(?:\+84|0084|0)|84(?=[35789]\d{8}(?!\d)))(?:[\s.\-()]{0,2}\d){9,10}(?!\d)")]
    private static partial Regex Phone();

    // Citizen ID (12 digits) or old identity card (9 digits), possibly grouped with spaces.
    [GeneratedRegex(@"(?<!\d)(?:\d[\s.-]?){11}\d(?!\d)|(?<!\d)\d{9}(?!\d)")]
    private static partial Regex IdNumber();

    // An identifier together with the words that name it ("CCCD của tôi là 0012…"): about the citizen, not the topic.
    [GeneratedRegex(@"(?:cccd|cmnd|căn cước(?: công dân)?|can cuoc(?: cong dan)?|chứng minh(?: nhân dân)?|chung minh(?: nhan dan)?|số định danh|so dinh danh|số điện thoại|so dien thoai|sđt|sdt|điện thoại|dien thoai)?\s*(?:của\s+\w+|cua\s+\w+)?\s*(?:là|la)?\s*:?\s*(?:\[số định danh\]|\[số điện thoại\]|\[email\])", RegexOptions.IgnoreCase)]
    private static partial Regex LabelledIdentifier();

    /// <summary>The text without personal identifiers or the words that introduce them, for understanding a question.</summary>
    public static string Strip(string text) => LabelledIdentifier().Replace(Redact(text), " ").Trim();

    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = Email().Replace(text, EmailPlaceholder);
        text = Phone().Replace(text, PhonePlaceholder);
        return IdNumber().Replace(text, IdPlaceholder);
    }
}

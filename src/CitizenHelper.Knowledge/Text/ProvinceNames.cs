using System.Text.RegularExpressions;

namespace CitizenHelper.Knowledge.Text;

/// <summary>
/// Province names as the sources write them ("Tỉnh Lạng Sơn", "UBND Thành phố Hải Phòng", "Lạng Sơn") brought to one
/// short form ("Lạng Sơn"), so a document's, a catalog entry's and a commune's province compare equal.
/// </summary>
public static partial class ProvinceNames
{
    // "UBND tỉnh Lạng Sơn", "Trung tâm phục vụ hành chính công Thành phố Hà Nội": the name after the last "tỉnh" or "thành phố".
    [GeneratedRegex(@"(?:^|\s)(?:tỉnh|thành phố|tp\.?)\s+(?<name>[^,;()]+?)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Named();

    /// <summary>The province's short name: "Tỉnh Lạng Sơn" → "Lạng Sơn"; a name without "tỉnh"/"thành phố" as it is.</summary>
    public static string Plain(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.Trim().Normalize(System.Text.NormalizationForm.FormC);
        return Named().Match(trimmed) is { Success: true } match ? match.Groups["name"].Value.Trim() : trimmed;
    }

    /// <summary>
    /// The province that published a catalog entry ("UBND tỉnh Lạng Sơn" → "Lạng Sơn"); null when the publisher is no
    /// province (a ministry).
    /// </summary>
    public static string? OfPublisher(string? publisher) =>
        publisher is not null && Named().Match(publisher.Normalize(System.Text.NormalizationForm.FormC)) is { Success: true } match ? match.Groups["name"].Value.Trim() : null;

    /// <summary>True when both name the same province, however written.</summary>
    public static bool Same(string? a, string? b) =>
        a is not null && b is not null && VietnameseText.Fold(Plain(a)) == VietnameseText.Fold(Plain(b));
}

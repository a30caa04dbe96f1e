using System.Text;
using System.Text.RegularExpressions;
using CitizenHelper.Answering.Text;

namespace CitizenHelper.Answering.Understanding;

/// <summary>
/// A rule over a question's words: every group must have one of its phrases in the text, as whole words. Phrases are
/// spelled as the citizen writes them and compared as <see cref="QueryText.Words"/> leaves both (folded, English stemmed),
/// so "lo lót" and "lo lot", "officer" and "officers" match alike.
/// </summary>
public sealed class CueRule
{
    private readonly string[][] _groups;

    public CueRule(params string[][] groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        _groups = [.. groups.Select(g => g.Select(c => $" {string.Join(' ', QueryText.Words(c))} ").ToArray())];
    }

    /// <summary>True when each group has a phrase in <paramref name="padded"/> (as <see cref="QueryText.Padded"/> makes it).</summary>
    public bool Matches(string padded) => _groups.All(g => g.Any(c => padded.Contains(c, StringComparison.Ordinal)));

    /// <summary>One group: any of the phrases is enough.</summary>
    public static CueRule Any(params string[] phrases) => new(phrases);
}

/// <summary>
/// Wrongdoing a question asks about: forged or bought papers, false statements (age, income, a sham marriage or
/// residence), someone else's identity, money to an official for speed or favour. Refused whatever the knowledge base
/// holds (a procedure's card would read as "here is how"), with the lawful procedure offered where one matches.
/// </summary>
public static partial class Wrongdoing
{
    private static readonly CueRule[] Rules =
    [
        // Folded "gia" is also price or family ("bảng giá", "gia hạn", "làm lâu"): those spellings are left to Fakes below.
        CueRule.Any(
            "giả mạo", "mua bằng lái", "mua bằng đại học", "mua bằng cấp", "mua bằng tốt nghiệp", "mua bằng xe", "mua bằng a1", "mua bằng b2",
            "hối lộ", "lót tay", "bôi trơn", "chạy tiền", "đút lót", "lo lót", "phong bì", "tiền cà phê", "tiền chè nước", "tiền bồi dưỡng",
            "đi cửa sau", "khai man", "khai gian", "gian lận", "nhập khẩu ảo", "hộ khẩu ảo", "thường trú ảo", "tạm trú ảo", "cư trú ảo",
            "giả chữ ký", "ký hộ chữ ký", "trốn nợ", "trốn thuế", "lách luật", "cách nào lách", "lách quy định", "khai tử cho người còn sống",
            "khai tử người còn sống", "khai tử cho người vẫn còn sống", "chạy sổ", "chạy giấy", "chạy hồ sơ", "chạy án", "chạy giấy phép",
            "dù không đủ điều kiện", "mặc dù không đủ điều kiện", "tuy không đủ điều kiện", "không đủ điều kiện vẫn", "mượn cccd",
            "mượn căn cước", "mượn cmnd", "mượn giấy tờ", "giấy tờ của người khác để",
            "fake", "forged", "forge", "counterfeit", "bribe", "bribery", "sham marriage", "without the test", "without taking the test",
            "without a test", "lie about", "under the table", "someone else s id", "another person s id", "friend s id", "borrow an id",
            "borrow someone", "buy a driving licence", "buy a driving license", "buy a licence", "buy a license", "buy a degree"),
        // A birth date changed for a purpose ("sửa năm sinh cho con đi học sớm"); correcting a wrong one is a procedure.
        new(["sửa năm sinh", "sửa tuổi", "đổi năm sinh", "đổi tuổi", "khai tuổi", "sửa ngày sinh", "đổi ngày sinh", "tăng tuổi", "giảm tuổi",
                "change my child s birth year", "change the birth year", "change birth year", "change his age", "change her age", "change my age"],
            ["học sớm", "lớp 1 sớm", "làm sớm", "đủ tuổi", "cho lớn", "cho nhỏ", "nghỉ hưu", "school early", "start school", "work early", "retire"]),
        // Someone else's identity used in one's own place.
        new(["dùng căn cước của", "dùng cccd của", "dùng cmnd của"], ["thay mình", "thay tôi", "đứng tên", "thay cho mình"]),
        // Money for speed or favour ("bồi dưỡng bao nhiêu thì được ưu tiên"); a fee paid to the desk is not matched.
        new(["bồi dưỡng", "biếu cán bộ", "biếu quà", "đưa tiền cho cán bộ", "đưa thêm tiền", "đưa ít tiền", "gửi ít tiền", "gửi chút tiền",
                "chi bao nhiêu", "chi thêm", "trả thêm tiền", "pay the officer", "pay the official", "pay the clerk", "pay the staff",
                "pay an officer", "pay an official", "pay off", "tip", "give money", "money to the officer"],
            ["cán bộ", "công chức", "công an", "địa chính", "tư pháp", "chủ tịch", "ưu tiên", "làm nhanh", "ký nhanh", "duyệt nhanh", "nhanh hơn",
                "làm trước", "được duyệt", "officer", "official", "clerk", "staff", "speed up", "faster", "priority", "quick"]),
    ];

    public static bool Named(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var padded = QueryText.Padded(text);
        // "giả" (fake) written with its mark is unambiguous, unless it is "giả sử" (suppose) and its kin.
        return Rules.Any(r => r.Matches(padded)) || Fakes().IsMatch(padded) || Fake().IsMatch(text.Normalize(NormalizationForm.FormC));
    }

    // Folded, "làm gia", "giấy khai sinh gia" are fake papers only when "gia" does not start another word pair
    // ("gia hạn", "gia đình") or ask a price ("giá bao nhiêu", "giá rẻ").
    [GeneratedRegex(@" (?:lam|giay|giay to|khai sinh|chung tu|so do|so hong|can cuoc|cccd|cmnd|ho khau|con dau|xac nhan|hop dong|chu ky|"
        + @"giay phep|ket hon|bang lai|bang dai hoc|bang cap|ho chieu|ho so) gia (?!(?:han|dinh|tang|nhap|cong|bao|re|ca|canh|the|nhu|su|pha|"
        + @"tri|vi|tien|lai|le|ban|thanh|dat|nha|xe|phong|tre|hoa|cam) )", RegexOptions.CultureInvariant)]
    private static partial Regex Fakes();

    [GeneratedRegex(@"(?<!\p{L})giả(?!\p{L})(?!\s+(?:sử|định|như|dụ|thiết)(?!\p{L}))", RegexOptions.IgnoreCase)]
    private static partial Regex Fake();
}

/// <summary>
/// Another person's records or contact asked for, beyond <see cref="Guardrails"/>' plain cues: a neighbour's or an
/// ex-partner's details, who lives at an address, a named person's status, an official's own phone number. A public
/// office's contact (the center, the commune's people's committee) is not private and is not matched.
/// </summary>
public static partial class OthersData
{
    private static readonly string[] Lookups =
    [
        // Not "ở đâu"/"where": "hàng xóm lấn đất, nộp đơn ở đâu" asks where to go, not about the neighbour.
        "tra", "tra cứu", "xem", "kiểm tra", "cho tôi biết", "cho tôi xem", "địa chỉ", "thông tin", "sống ở", "look up", "find", "registered",
    ];

    private static readonly CueRule[] Rules =
    [
        new(["hàng xóm", "nhà bên cạnh", "nhà kế bên", "neighbour", "neighbor"], Lookups),
        new(["người yêu cũ", "vợ cũ", "chồng cũ", "ex wife", "ex husband", "my ex"], Lookups),
        // An official's own number; the center's or the committee's line is public (knowledge/centers has them).
        new(["số điện thoại", "sđt", "sdt", "phone number", "số di động"],
            ["chủ tịch", "bí thư", "trưởng thôn", "trưởng ấp", "trưởng công an", "cán bộ", "riêng", "của ông", "của bà", "mr", "mrs", "ms"]),
        new(["số cccd", "số căn cước", "số cmnd", "số định danh"], ["tra được tên", "tra ra tên", "tra tên", "tra địa chỉ", "người đó", "của người"]),
        CueRule.Any("ai đang ở nhà", "ai đang tạm trú ở", "ai đang sống ở", "ai ở nhà số", "ai đang ở số", "ai đang ở nhà số", "who lives at",
            "who lives in", "where my ex", "lý lịch của", "id number of", "someone s id", "someone s phone", "someone s address"),
        new(["danh sách"], ["số điện thoại", "sđt", "địa chỉ nhà", "số cccd", "số căn cước"]),
        new(["kiểm tra", "tra", "xem", "check"], ["có vợ chưa", "đã có vợ", "có chồng chưa", "đã có chồng", "với ai khác", "với người khác không"]),
    ];

    private static readonly CueRule NamedPersonStatus = CueRule.Any(
        "đã đăng ký kết hôn chưa", "có hộ khẩu", "sinh năm bao nhiêu", "sinh năm nào", "đến đâu rồi", "có vợ chưa", "có chồng chưa", "địa chỉ",
        "số điện thoại", "cccd", "căn cước", "ở nhà nào", "sống ở đâu", "đang ở đâu");

    public static bool Asked(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var padded = QueryText.Padded(text);
        // "Chị Hoa ở xóm 3 đã đăng ký kết hôn chưa?": a title and a capitalised name, then their status or details.
        return Rules.Any(r => r.Matches(padded)) || (TitledName().IsMatch(text.Normalize(NormalizationForm.FormC)) && NamedPersonStatus.Matches(padded));
    }

    [GeneratedRegex(@"(?<!\p{L})(?i:ông|bà|anh|chị|cô|chú|bác)\s+\p{Lu}\p{Ll}+")]
    private static partial Regex TitledName();
}

/// <summary>
/// Questions no procedure answers whatever procedure words surround them: prices of land and compensation, interest
/// and tax rates, luck and fortune, weather, the lottery, medicine, who wins a dispute. Refused before the search, so
/// a name match ("ngày tốt để làm giấy khai sinh") cannot turn them into a procedure's card.
/// </summary>
public static class NeverAnswered
{
    private static readonly CueRule[] Rules =
    [
        CueRule.Any(
            "giá đất", "giá đền bù", "tiền đền bù", "giá bồi thường", "lãi suất", "thuế suất", "thuế thu nhập cá nhân", "phần trăm thuế",
            "tăng lương cơ sở", "bao giờ tăng lương", "khi nào tăng lương", "thời tiết", "có mưa không", "trời mưa", "xổ số", "sổ xố", "vietlott", "ngày tốt", "ngày đẹp",
            "ngày nào tốt", "ngày nào thì tốt", "xem tuổi", "hợp tuổi", "hợp mệnh", "phong thủy", "uống thuốc gì", "thuốc gì", "thắng kiện",
            "ai đúng ai sai", "luật sư nào", "land price", "interest rate", "tax rate", "income tax", "lucky day", "good day to", "lottery",
            "weather", "what medicine", "who is right", "who wins"),
        new(["đền bù", "bồi thường", "compensation"], ["bao nhiêu", "giá", "how much", "price"]),
    ];

    public static bool Asked(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // "trúng đấu giá đất" is a land allocation procedure, not a land price: the auction is kept out of "giá đất".
        var padded = QueryText.Padded(text).Replace(" dau gia ", " dau_gia ", StringComparison.Ordinal);
        return Rules.Any(r => r.Matches(padded));
    }
}

namespace CitizenHelper.Answering.Understanding;

/// <summary>
/// Words that point back at what was just discussed ("cái đó", "thủ tục này", "is it"): a question carrying one is
/// about the procedure under discussion, even when its other words ("làm trên mạng") also name a help topic.
/// </summary>
public static class References
{
    // Folded. "đó"/"này" alone fold to "do"/"nay" (also "đỏ", "now"): only with the noun they follow.
    private static readonly string[] Cues =
    [
        "cai do", "cai nay", "cai kia", "thu tuc do", "thu tuc nay", "viec do", "viec nay", "giay do", "giay nay", "loai do",
        "ho so do", "ho so nay", "nhu vay", "nhu the", "vay thi", "the thi", "the con", "con cai",
        "it", "that one", "this one", "for it", "for that", "for this", "do that", "do this", "do it",
    ];

    private static readonly string[] Prepared = [.. Cues.Select(c => $" {string.Join(' ', QueryText.Words(c))} ")];

    public static bool RefersBack(string text) => Prepared.Any(QueryText.Padded(text).Contains);
}

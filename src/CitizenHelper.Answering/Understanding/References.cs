using CitizenHelper.Answering.Text;

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
        "ho so do", "ho so nay", "nhu vay", "nhu the", "vay thi", "the thi", "con cai",
        "it", "that one", "this one", "for it", "for that", "for this", "do that", "do this", "do it",
    ];

    // Folded. "Thế còn cho con thứ hai?", "what about my wife?": asks the same about someone or something else, so it
    // stays with the procedure under discussion unless it names another one.
    private static readonly string[] WhatAboutCues =
    [
        "the con", "vay con", "con voi", "con neu", "thi sao", "truong hop", "what about", "how about", "and for", "and if",
    ];

    private static readonly string[] Prepared = Prepare(Cues);
    private static readonly string[] PreparedWhatAbout = Prepare(WhatAboutCues);

    private static string[] Prepare(string[] cues) => [.. cues.Select(c => $" {string.Join(' ', QueryText.Words(c))} ")];

    public static bool RefersBack(string text) => Prepared.Any(QueryText.Padded(text).Contains);

    /// <summary>True for "thế còn…", "… thì sao?", "what about…": the question before it, asked again of something else.</summary>
    public static bool AsksWhatAbout(string text) => PreparedWhatAbout.Any(QueryText.Padded(text).Contains);
}

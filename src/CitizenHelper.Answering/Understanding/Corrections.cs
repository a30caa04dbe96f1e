namespace CitizenHelper.Answering.Understanding;

/// <summary>
/// A citizen saying the last answer was about the wrong procedure ("không phải, ý tôi là…", "nhầm, tôi hỏi về…",
/// "no, I meant…"): that procedure is then the one thing the message is not about.
/// </summary>
public static class Corrections
{
    // Folded, matched at the start of the message only: "không phải nộp lệ phí à?" in the middle of a question asks
    // about the procedure, it does not reject it. The comma stands for the pause after "không phải".
    private static readonly string[] OpeningCues =
    [
        "khong phai ,", "khong phai y", "khong phai cai", "khong phai thu tuc", "khong phai toi", "khong phai em",
        "khong phai minh", "khong phai la", "nham", "toi nham", "em nham", "minh nham", "sai roi", "xin loi nham",
        "no , i", "not that", "wrong",
    ];

    // Folded, anywhere in the message.
    private static readonly string[] Cues =
    [
        "y toi la", "y em la", "y minh la", "hoi nham", "nham roi", "nham thu tuc", "khong phai cai do", "khong phai cai nay",
        "khong phai thu tuc do", "khong phai thu tuc nay", "i meant", "i mean", "not that one", "not this one", "wrong one",
        "wrong procedure",
    ];

    private static readonly string[] PreparedOpening = [.. OpeningCues.Select(c => $" {string.Join(' ', QueryText.Words(c))} ")];
    private static readonly string[] Prepared = [.. Cues.Select(c => $" {string.Join(' ', QueryText.Words(c))} ")];

    // Folded words a correction is made of, beside the cues: what is left once they are gone is what the citizen meant.
    private static readonly HashSet<string> CorrectionWords = new(
        QueryText.Words("khong phai y toi em minh la hoi ve muon cai do nay kia thu tuc viec nham sai roi xin loi a ạ nhe "
            + "no not i meant mean that this one the wrong procedure sorry it ask about"),
        StringComparer.Ordinal) { QueryText.Boundary };

    /// <summary>True when a correction says only that the last answer was wrong ("không phải cái đó"), not what was meant.</summary>
    public static bool NamesNothing(string text) => QueryText.Words(text).All(CorrectionWords.Contains);

    public static bool Detect(string text)
    {
        var padded = QueryText.Padded(text);
        // "không phải" alone is a whole correction; "không phải không?" is not a message anyone sends as one.
        return padded == " khong phai "
            || PreparedOpening.Any(c => padded.StartsWith(c, StringComparison.Ordinal))
            || Prepared.Any(c => padded.Contains(c, StringComparison.Ordinal));
    }
}

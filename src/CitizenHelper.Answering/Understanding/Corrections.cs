using System.Text.RegularExpressions;
using CitizenHelper.Answering.Text;

namespace CitizenHelper.Answering.Understanding;

/// <summary>
/// A citizen saying the last answer was about the wrong procedure ("không phải, ý tôi là…", "nhầm, tôi hỏi về…",
/// "no, I meant…"): that procedure is then the one thing the message is not about.
/// </summary>
public static partial class Corrections
{
    // Folded, matched at the start of the message only: "không phải nộp lệ phí à?" in the middle of a question asks
    // about the procedure, it does not reject it. "Không phải, …" with its pause is checked in Detect: a cue's trailing
    // comma does not survive folding.
    private static readonly string[] OpeningCues =
    [
        "khong phai y", "khong phai cai", "khong phai thu tuc", "khong phai toi", "khong phai em",
        "khong phai minh", "khong phai la", "nham", "toi nham", "em nham", "minh nham", "sai roi", "xin loi nham",
    ];

    // Folded, anywhere in the message.
    private static readonly string[] Cues =
    [
        "y toi la", "y em la", "y minh la", "hoi nham", "nham roi", "nham thu tuc", "khong phai cai do", "khong phai cai nay",
        "khong phai thu tuc do", "khong phai thu tuc nay",
    ];

    // English, on the lower-case words as typed: folding would read "not" as "không" and drop "that".
    private static readonly string[] EnglishOpeningCues = ["no not", "not that", "wrong", "nope"];
    private static readonly string[] EnglishCues = ["i meant", "i mean", "not that one", "not this one", "wrong one", "wrong procedure", "not what i"];

    private static readonly string[] PreparedOpening = [.. OpeningCues.Select(c => $" {string.Join(' ', QueryText.Words(c))} ")];
    private static readonly string[] Prepared = [.. Cues.Select(c => $" {string.Join(' ', QueryText.Words(c))} ")];
    private static readonly string[] PreparedEnglishOpening = [.. EnglishOpeningCues.Select(c => $" {c} ")];
    private static readonly string[] PreparedEnglish = [.. EnglishCues.Select(c => $" {c} ")];

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
        var english = $" {string.Join(' ', EnglishWord().Matches(text.ToLowerInvariant()).Select(m => m.Value))} ";
        // "không phải" alone is a whole correction.
        return padded == " khong phai " || padded.StartsWith($" khong phai {QueryText.Boundary} ", StringComparison.Ordinal)
            || PreparedOpening.Any(c => padded.StartsWith(c, StringComparison.Ordinal))
            || Prepared.Any(c => padded.Contains(c, StringComparison.Ordinal))
            || PreparedEnglishOpening.Any(c => english.StartsWith(c, StringComparison.Ordinal))
            || PreparedEnglish.Any(c => english.Contains(c, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"[\p{L}']+", RegexOptions.CultureInvariant)]
    private static partial Regex EnglishWord();
}

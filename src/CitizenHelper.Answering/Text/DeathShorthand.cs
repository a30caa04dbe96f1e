namespace CitizenHelper.Answering.Text;

/// <summary>
/// "kt" is chat for khai tử only beside the words that go with registering a death ("làm kt", "giấy kt", "đk kt",
/// "kt cho ông"); elsewhere it is as likely kiểm tra, kinh tế or kế toán, and is left as typed.
/// </summary>
internal static class DeathShorthand
{
    private static readonly HashSet<string> Before = new(["lam", "giay", "ky", "luc", "bao", "to", "khai"], StringComparer.Ordinal);
    private static readonly HashSet<string> After = new(["cho", "ong", "ba", "bo", "me", "cha", "nguoi"], StringComparer.Ordinal);

    /// <summary>True when the "kt" at <paramref name="at"/> of the folded words reads as khai tử, given the words read so far.</summary>
    public static bool IsMatch(List<string> read, List<string> folded, int at) =>
        (read.Count > 0 && Before.Contains(read[^1])) || (at + 1 < folded.Count && After.Contains(folded[at + 1]));
}

using System.Globalization;
using System.Text;

namespace CitizenHelper.Answering.Text;

/// <summary>
/// Everyday Vietnamese for the words the knowledge base uses: "đẻ" for "sinh", "ck" for "chồng". Applied to both the
/// question and the documents' names (through <see cref="QueryText.Words"/>), so both sides meet on the same words.
/// Entries are general synonyms of the language, not phrases of particular questions; a phrase that is the
/// everyday name of one procedure ("lấy vợ", "làm sổ đỏ") belongs in that document's aliases instead.
/// </summary>
public static class EverydayWords
{
    // Words whose meaning is clear only with their diacritics: folded, "đẻ" is "để" (in order to) and "cưới" is
    // "cuối" (last). Replaced before folding, when the citizen typed the marks.
    private static readonly Dictionary<string, string> Marked = new(StringComparer.Ordinal)
    {
        ["đẻ"] = "sinh",
        ["cưới"] = "kết hôn",
    };

    // "Bố đẻ", "mẹ đẻ", "con đẻ": after these, "đẻ" means "biological", not "give birth".
    private static readonly HashSet<string> KeepAfter = new(["bố", "mẹ", "cha", "con", "ba", "má", "u", "tía", "bu", "nước", "quê"], StringComparer.Ordinal);

    // Folded phrases read the same way without marks because their neighbour settles the meaning
    // ("mới đẻ" cannot be "mới để"). Longest first within a first word.
    private static readonly (string[] From, string[] To)[] Phrases =
    [
        .. Pairs(
            ("moi de", "moi sinh"), ("vua de", "vua sinh"), ("sap de", "sap sinh"), ("de xong", "sinh xong"), ("sanh", "sinh"),
            ("cuoi vo", "ket hon"), ("cuoi chong", "ket hon"), ("chua cuoi", "chua ket hon"), ("sap cuoi", "sap ket hon"),
            ("muon cuoi", "muon ket hon"), ("dam cuoi", "ket hon"), ("o tro", "thue tro"), ("o nho", "tam tru"),
            ("so ho khau", "ho khau"), ("so hong", "so do"), ("bia do", "so do"), ("bia hong", "so do"),
            ("giay to nha dat", "so do"), ("giay to nha", "so do"), ("giay to dat", "so do"),
            ("giay phep kinh doanh", "ho kinh doanh"), ("buon ban", "kinh doanh"), ("tap hoa", "kinh doanh"),
            ("mo quan", "kinh doanh"), ("mo tiem", "kinh doanh"), ("mo cua hang", "kinh doanh"),
            ("nguoi gia", "nguoi cao tuoi")),
    ];

    private static IEnumerable<(string[] From, string[] To)> Pairs(params (string From, string To)[] pairs) =>
        pairs.Select(p => (p.From.Split(' '), p.To.Split(' ')));

    private static readonly Dictionary<string, (string[] From, string[] To)[]> ByFirstWord = Phrases
        .GroupBy(p => p.From[0], StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.From.Length).ToArray(), StringComparer.Ordinal);

    /// <summary>The text with marked everyday words replaced (whole words, any case).</summary>
    public static string ReplaceMarked(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.Normalize(NormalizationForm.FormC);
        // Most questions have none of the words: looking for them is cheaper than rebuilding every text.
        if (!Marked.Keys.Any(word => normalized.Contains(word, StringComparison.OrdinalIgnoreCase)))
        {
            return text;
        }
        var result = new StringBuilder(normalized.Length);
        var start = 0;
        var previous = "";
        for (var i = 0; i <= normalized.Length; i++)
        {
            if (i < normalized.Length && char.IsLetter(normalized[i]))
            {
                continue;
            }
            if (i > start)
            {
                var word = normalized[start..i];
                var lower = word.ToLower(CultureInfo.InvariantCulture);
                result.Append(Marked.TryGetValue(lower, out var replacement) && !KeepAfter.Contains(previous) ? replacement : word);
                previous = lower;
            }
            if (i < normalized.Length)
            {
                result.Append(normalized[i]);
            }
            start = i + 1;
        }
        return result.ToString();
    }

    /// <summary>The folded words with everyday phrases replaced by the knowledge base's words.</summary>
    public static List<string> ReplacePhrases(List<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var result = new List<string>(words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            var match = ByFirstWord.TryGetValue(words[i], out var phrases)
                ? phrases.FirstOrDefault(p => p.From.Length <= words.Count - i && words.Skip(i).Take(p.From.Length).SequenceEqual(p.From))
                : default;
            if (match.From is null)
            {
                result.Add(words[i]);
                continue;
            }
            result.AddRange(match.To);
            i += match.From.Length - 1;
        }
        return result;
    }
}

using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Answering.Text;

/// <summary>Which facts a question asks for (documents, fee, time, …), named by the knowledge base's section ids.</summary>
public static class Facets
{
    // Folded phrases, matched on whole syllables. Order is the order facets are answered in.
    private static readonly (string Facet, string[] Phrases)[] Cues =
    [
        (SectionIds.Steps, ["cac buoc", "trinh tu", "quy trinh", "cach lam", "lam the nao", "lam sao", "nhu the nao", "how to", "how do i", "steps", "process"]),
        (SectionIds.Documents, ["giay to", "ho so", "can gi", "can nhung gi", "mang theo", "mang gi", "chuan bi", "documents", "document", "papers", "what do i need", "bring", "required"]),
        (SectionIds.Fee, ["le phi", "phi", "bao nhieu tien", "mat le phi", "mat phi", "ton le phi", "ton phi", "mat tien", "ton tien", "ton", "dong nao", "het bao nhieu", "chi phi", "pay", "fee", "fees", "cost", "costs", "how much", "price", "charge", "free"]),
        (SectionIds.Time, ["bao lau", "may ngay", "thoi han", "thoi gian", "bao gio", "khi nao co", "how long", "days", "processing time", "when will", "deadline", "time limit", "how soon"]),
        (SectionIds.Where, ["o dau", "noi nop", "nop o", "cho nao", "dia chi", "where", "address", "which office"]),
        (SectionIds.Online, ["truc tuyen", "online", "dich vu cong", "vneid", "qua mang", "tren mang", "internet"]),
        (SectionIds.Result, ["ket qua", "nhan duoc gi", "what do i get", "result"]),
    ];

    // Polite fillers and the generic word "procedure": they never tell one procedure from another.
    private static readonly string[] Fillers =
    [
        "thu tuc", "cho hoi", "cho em hoi", "cho toi hoi", "xin hoi", "lam on", "vui long", "nhung gi", "co can", "co phai",
        "duoc khong", "ra sao", "the nao", "nhu nao", "procedure", "procedures",
    ];

    // The cues as the text is compared: folded, abbreviations expanded, English stemmed, padded with the spaces that
    // make them match whole words only (made once, not per question); longest first.
    private static readonly (string Facet, string[] Phrases)[] Prepared =
        [.. Cues.Select(c => (c.Facet, c.Phrases.Select(p => $" {Prepare(p)} ").ToArray()))];

    // Removable phrases by their first word, longest first, for one pass over the question's words.
    // "Online" stays in the query: "khai tử online" is how citizens name the linked online services.
    private static readonly string[] Kept = ["online", "truc tuyen", "tren mang"];

    private static readonly Dictionary<string, string[][]> Removable = Cues.SelectMany(c => c.Phrases).Except(Kept).Concat(Fillers)
        .Select(p => QueryText.Words(p))
        .GroupBy(w => w[0], StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.OrderByDescending(w => w.Length).ToArray(), StringComparer.Ordinal);

    private static string Prepare(string phrase) => string.Join(' ', QueryText.Words(phrase));

    /// <summary>
    /// The folded syllables of the text without the words that only name facets ("giấy tờ", "how much") or are
    /// filler; a <see cref="QueryText.Boundary"/> stands where they were.
    /// </summary>
    public static string[] WithoutCues(string text) => WithoutCues(QueryText.Words(text));

    /// <summary>As <see cref="WithoutCues(string)"/>, for words already made by <see cref="QueryText.Words"/>.</summary>
    public static string[] WithoutCues(string[] words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var kept = new List<string>(words.Length);
        for (var i = 0; i < words.Length; i++)
        {
            var match = Removable.TryGetValue(words[i], out var phrases)
                ? phrases.FirstOrDefault(p => p.Length <= words.Length - i && words.AsSpan(i, p.Length).SequenceEqual(p))
                : null;
            if (match is null)
            {
                kept.Add(words[i]);
            }
            else
            {
                // The words on either side of a removed phrase were not said together: no pair across it.
                if (kept.Count > 0 && kept[^1] != QueryText.Boundary)
                {
                    kept.Add(QueryText.Boundary);
                }
                i += match.Length - 1;
            }
        }
        return [.. kept];
    }

    /// <summary>Facets asked for in the text, in answering order; empty when none is named.</summary>
    public static IReadOnlyList<string> Detect(string text) => Detect(QueryText.Words(text));

    /// <summary>As <see cref="Detect(string)"/>, for words already made by <see cref="QueryText.Words"/>.</summary>
    public static IReadOnlyList<string> Detect(string[] words)
    {
        var folded = $" {string.Join(' ', words)} ";
        return [.. Prepared
            .Where(c => c.Phrases.Any(p => folded.Contains(p, StringComparison.Ordinal)))
            .Select(c => c.Facet)];
    }
}

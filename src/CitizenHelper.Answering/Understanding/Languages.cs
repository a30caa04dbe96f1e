using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Answering.Understanding;

/// <summary>Tells Vietnamese from English, including Vietnamese typed without diacritics.</summary>
public static class Languages
{
    public const string Vietnamese = "vi";
    public const string English = "en";

    private static readonly HashSet<string> EnglishWords = new(StringComparer.Ordinal)
    {
        "the", "what", "how", "do", "does", "i", "need", "is", "are", "for", "to", "my", "a", "an", "of", "where", "when",
        "can", "register", "registration", "fee", "fees", "documents", "marriage", "birth", "certificate", "copy", "long",
        "much", "hello", "hi", "thanks", "thank", "you", "please", "want", "get", "take", "child", "baby", "help", "which",
        "and", "your", "in", "at", "with", "from", "was", "will", "would", "should", "there", "this",
        "that", "who", "why", "if", "any", "about", "tell", "ignore", "previous", "instructions", "print", "system",
        "prompt", "weather", "tomorrow", "today", "apply", "passed", "away", "died", "death", "father", "mother", "son",
        "daughter", "wife", "husband", "home", "house", "land", "office", "police", "card", "id", "online", "form",
    };

    private static readonly HashSet<string> VietnameseWords = new(StringComparer.Ordinal)
    {
        "dang", "ky", "khai", "sinh", "giay", "to", "can", "gi", "o", "dau", "bao", "nhieu", "lau", "lam", "ket", "hon",
        "chung", "thuc", "phi", "le", "thu", "tuc", "cho", "con", "toi", "minh", "xin", "chao", "cam", "on", "ban", "sao",
        "ho", "so", "nop", "may", "ngay", "tien", "khong", "duoc", "nhu", "the", "nao", "muon", "hoi", "em", "anh", "chi",
    };

    /// <summary>The language of a message; <paramref name="fallback"/> when the text does not tell.</summary>
    public static string Detect(string text, string fallback)
    {
        if (VietnameseText.HasVietnameseMarks(text))
        {
            return Vietnamese;
        }
        var syllables = VietnameseText.Syllables(text);
        var english = syllables.Count(EnglishWords.Contains);
        var vietnamese = syllables.Count(VietnameseWords.Contains);
        if (english == vietnamese)
        {
            return fallback;
        }
        return english > vietnamese ? English : Vietnamese;
    }

    /// <summary>"vi" or "en" from a locale such as en-US; null when it is neither.</summary>
    public static string? FromLocale(string? locale) =>
        locale is null ? null
        : locale.StartsWith(English, StringComparison.OrdinalIgnoreCase) ? English
        : locale.StartsWith(Vietnamese, StringComparison.OrdinalIgnoreCase) ? Vietnamese
        : null;
}

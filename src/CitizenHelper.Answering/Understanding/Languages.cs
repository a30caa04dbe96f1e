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

    /// <summary>
    /// The language of a locale or language code ("km-KH", "km") when it is neither Vietnamese nor English, else null.
    /// Only a well-formed primary subtag (2–3 ASCII letters) is taken: the locale comes from the client.
    /// </summary>
    public static string? Other(string? locale)
    {
        if (string.IsNullOrEmpty(locale))
        {
            return null;
        }
        var end = locale.IndexOfAny(['-', '_']);
        var code = (end < 0 ? locale : locale[..end]).ToLowerInvariant();
        return code.Length is 2 or 3 && code.All(char.IsAsciiLetterLower) && code is not (Vietnamese or English) ? code : null;
    }

    // Languages a citizen of a Vietnamese commune may ask in, by the names they would type to choose one.
    private static readonly (string Code, string Vietnamese, string English, string[] Names)[] Known =
    [
        ("km", "tiếng Khmer", "Khmer", ["khmer", "tieng khmer", "tieng khome", "ភាសាខ្មែរ", "ខ្មែរ"]),
        ("zh", "tiếng Trung", "Chinese", ["chinese", "tieng trung", "tieng hoa", "中文", "华语"]),
        ("ko", "tiếng Hàn", "Korean", ["korean", "tieng han", "한국어"]),
        ("ja", "tiếng Nhật", "Japanese", ["japanese", "tieng nhat", "日本語"]),
        ("lo", "tiếng Lào", "Lao", ["lao", "tieng lao", "ພາສາລາວ"]),
        ("th", "tiếng Thái", "Thai", ["thai", "tieng thai", "ภาษาไทย"]),
        ("fr", "tiếng Pháp", "French", ["french", "tieng phap", "francais", "français"]),
        ("ru", "tiếng Nga", "Russian", ["russian", "tieng nga", "русский"]),
        ("de", "tiếng Đức", "German", ["german", "tieng duc", "deutsch"]),
    ];

    /// <summary>The language a message chooses ("English", "Tiếng Việt", "tiếng Khmer", "ខ្មែរ"), else null.</summary>
    public static string? Chosen(string text)
    {
        var folded = VietnameseText.Fold(text.Trim());
        if (folded is "english" or "tieng anh")
        {
            return English;
        }
        if (folded is "tieng viet" or "vietnamese")
        {
            return Vietnamese;
        }
        return folded.Length == 0 ? null : ByFoldedName.GetValueOrDefault(folded);
    }

    // Every name of every known language, folded once (this is asked on every message).
    private static readonly Dictionary<string, string> ByFoldedName = Known
        .SelectMany(k => k.Names.Select(n => (Name: VietnameseText.Fold(n), k.Code)))
        .DistinctBy(n => n.Name)
        .ToDictionary(n => n.Name, n => n.Code, StringComparer.Ordinal);

    /// <summary>A language's name for a reader of <paramref name="readerLanguage"/> (vi or en): "tiếng Khmer", "Khmer"; the code when unknown.</summary>
    public static string Name(string code, string readerLanguage)
    {
        var known = Known.FirstOrDefault(k => k.Code == code);
        if (known.Code is not null)
        {
            return readerLanguage == English ? known.English : known.Vietnamese;
        }
        if (code == English)
        {
            return readerLanguage == English ? "English" : "tiếng Anh";
        }
        if (code == Vietnamese)
        {
            return readerLanguage == English ? "Vietnamese" : "tiếng Việt";
        }
        try
        {
            var name = System.Globalization.CultureInfo.GetCultureInfo(code).EnglishName;
            return readerLanguage == English || name.Length == 0 ? name : $"tiếng {name}";
        }
        catch (System.Globalization.CultureNotFoundException)
        {
            return code;
        }
    }
}

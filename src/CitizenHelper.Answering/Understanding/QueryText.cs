using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Answering.Understanding;

/// <summary>
/// Turns what a citizen typed into comparable words: folded (no diacritics, 'đ' → 'd'), with the abbreviations and
/// chat shorthand people use spelled out ("cccd" → căn cước công dân, "ko" → không, "bn" → bao nhiêu), and
/// English words reduced to a common stem ("registration", "register" → "regist").
/// </summary>
public static class QueryText
{
    private static readonly Dictionary<string, string> Abbreviations = new(StringComparer.Ordinal)
    {
        ["cccd"] = "can cuoc cong dan",
        ["cmnd"] = "chung minh nhan dan",
        ["cmt"] = "chung minh nhan dan",
        ["ubnd"] = "uy ban nhan dan",
        ["hdnd"] = "hoi dong nhan dan",
        ["bhyt"] = "bao hiem y te",
        ["bhxh"] = "bao hiem xa hoi",
        ["gpxd"] = "giay phep xay dung",
        ["gcn"] = "giay chung nhan",
        ["qsdd"] = "quyen su dung dat",
        ["kt1"] = "thuong tru",
        ["kt2"] = "thuong tru",
        ["kt3"] = "tam tru",
        ["kt4"] = "tam tru",
        ["dkkh"] = "dang ky ket hon",
        ["dkks"] = "dang ky khai sinh",
        ["hkd"] = "ho kinh doanh",
        ["dvc"] = "dich vu cong",
        ["dvcqg"] = "dich vu cong quoc gia",
        ["tthc"] = "thu tuc hanh chinh",
        ["ko"] = "khong",
        ["k"] = "khong",
        ["kh"] = "khong",
        ["hok"] = "khong",
        ["dc"] = "duoc",
        ["j"] = "gi",
        ["ntn"] = "nhu the nao",
        ["bn"] = "bao nhieu",
        ["bnhieu"] = "bao nhieu",
        ["vs"] = "voi",
        ["mk"] = "minh",
        ["ak"] = "a",
        ["ah"] = "a",
        ["id"] = "can cuoc",
        // i and y are both written after k and l ("đăng kí" = "đăng ký", "lí do" = "lý do").
        ["ki"] = "ky",
        ["li"] = "ly",
    };

    private static readonly string[] EnglishSuffixes = ["ations", "ation", "ings", "ing", "ages", "age", "ers", "er", "ed", "es", "s"];

    /// <summary>The folded words of the text, abbreviations expanded and English stemmed.</summary>
    public static string[] Words(string text)
    {
        var words = new List<string>();
        foreach (var word in VietnameseText.Syllables(text))
        {
            if (Abbreviations.TryGetValue(word, out var expansion))
            {
                words.AddRange(expansion.Split(' '));
            }
            else
            {
                words.Add(Stem(word));
            }
        }
        return [.. words];
    }

    /// <summary>The words joined with single spaces, padded with one space at each end for whole-word matching.</summary>
    public static string Padded(string text) => $" {string.Join(' ', Words(text))} ";

    /// <summary>
    /// A light English stemmer. Vietnamese syllables never end in these suffixes (no Vietnamese syllable ends in
    /// -s, -ed, -er or -ing; -inh is spelled so), and only words longer than four letters are touched.
    /// </summary>
    internal static string Stem(string word)
    {
        if (word.Length <= 4)
        {
            return word;
        }
        foreach (var suffix in EnglishSuffixes)
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal) && word.Length - suffix.Length >= 3)
            {
                var stem = word[..^suffix.Length];
                // registr(ation) and regist(er) meet at "regist".
                return stem.Length > 5 && stem.EndsWith('r') ? stem[..^1] : stem;
            }
        }
        return word;
    }
}

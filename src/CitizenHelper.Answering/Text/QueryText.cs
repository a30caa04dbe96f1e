using System.Globalization;
using System.Text;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Answering.Text;

/// <summary>
/// Turns what a citizen typed into comparable words: folded (no diacritics, 'đ' → 'd'), with the abbreviations and
/// chat shorthand people use spelled out ("cccd" → căn cước công dân, "ko" → không, "bn" → bao nhiêu), and
/// English words reduced to a common stem ("registration", "register" → "regist").
/// </summary>
public static class QueryText
{
    /// <summary>Stands between two clauses ("sắp sinh, muốn…"): no syllable pair is formed across it.</summary>
    public const string Boundary = ",";

    // Everyday English words for the words the knowledge base uses; English words are not ambiguous once folded.
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["son"] = "child",
        ["daughter"] = "child",
        ["kid"] = "child",
        ["kids"] = "child",
        ["children"] = "child",
        ["newborn"] = "baby",
        ["born"] = "birth",
        ["infant"] = "baby",
        ["dad"] = "father",
        ["daddy"] = "father",
        ["mom"] = "mother",
        ["mum"] = "mother",
        ["died"] = "death",
        ["dies"] = "death",
        ["die"] = "death",
        ["burial"] = "funeral",
        ["bury"] = "funeral",
        ["dead"] = "death",
        ["deceased"] = "death",
        ["passed"] = "death",
        ["wedding"] = "marriage",
        ["marry"] = "marriage",
        ["married"] = "marriage",
        ["wife"] = "spouse",
        ["husband"] = "spouse",
        ["licence"] = "license",
        ["permission"] = "permit",
        ["apartment"] = "house",
        ["flat"] = "house",
        ["home"] = "house",
        ["niece"] = "child",
        ["nephew"] = "child",
        ["grandchild"] = "child",
        ["grandson"] = "child",
        ["granddaughter"] = "child",
        ["orphan"] = "guardian",
        ["orphaned"] = "guardian",
        ["guardianship"] = "guardian",
        ["misspelled"] = "correct",
        ["misspelt"] = "correct",
        ["misspelling"] = "correct",
        ["mistake"] = "correct",
        ["fix"] = "correct",
        ["amend"] = "correct",
        ["again"] = "re",
        ["login"] = "log",
        ["signin"] = "sign",
        ["unmarried"] = "single",
        ["notarize"] = "notarized",
        ["notarise"] = "notarized",
        ["notarised"] = "notarized",
        ["notary"] = "notarized",
    };

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
        ["dk"] = "dang ky",
        ["dky"] = "dang ky",
        ["dki"] = "dang ky",
        ["dkkd"] = "dang ky kinh doanh",
        ["gpkd"] = "giay phep kinh doanh",
        ["gks"] = "giay khai sinh",
        ["gxn"] = "giay xac nhan",
        ["xn"] = "xac nhan",
        ["btxh"] = "bao tro xa hoi",
        ["gplx"] = "giay phep lai xe",
        ["lltp"] = "ly lich tu phap",
        ["tncn"] = "thue thu nhap ca nhan",
        ["dkkh"] = "dang ky ket hon",
        ["dkks"] = "dang ky khai sinh",
        ["ks"] = "khai sinh",
        ["hk"] = "ho khau",
        ["hkhau"] = "ho khau",
        ["gt"] = "giay to",
        ["cm"] = "chung minh",
        ["hkd"] = "ho kinh doanh",
        ["dvc"] = "dich vu cong",
        ["dvcqg"] = "dich vu cong quoc gia",
        ["tthc"] = "thu tuc hanh chinh",
        ["ko"] = "khong",
        ["k"] = "khong",
        ["kh"] = "khong",
        ["kg"] = "khong",
        ["khg"] = "khong",
        ["vk"] = "vo",
        ["ck"] = "chong",
        ["bme"] = "bo me",
        ["ng"] = "nguoi",
        ["mn"] = "moi nguoi",
        ["e"] = "em",
        ["r"] = "roi",
        ["z"] = "vay",
        ["bjo"] = "bao gio",
        ["bgio"] = "bao gio",
        ["trc"] = "truoc",
        ["nhiu"] = "nhieu",
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

    /// <summary>
    /// The folded words of the text, abbreviations expanded, everyday English words replaced and English stemmed;
    /// clauses separated by <see cref="Boundary"/>.
    /// </summary>
    public static string[] Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var folded = FoldedWithBoundaries(EverydayWords.ReplaceMarked(text)).ToList();
        for (var i = 0; i < folded.Count; i++)
        {
            var word = folded[i];
            if (word == Boundary)
            {
                if (words.Count > 0 && words[^1] != Boundary)
                {
                    words.Add(Boundary);
                }
            }
            else if (word == "dk" && (i + 1 == folded.Count || folded[i + 1] is Boundary or "ko" or "k" or "khong" or "kh" or "hok" or "kg"))
            {
                words.Add("duoc"); // "làm online dk ko": "đk" is also chat for "được"
            }
            else if (word == "kt" && DeathShorthand.IsMatch(words, folded, i))
            {
                words.AddRange(["khai", "tu"]); // "làm kt cho bà", "giấy kt": khai tử; alone "kt" may be kiểm tra, kế toán
            }
            else if (Abbreviations.TryGetValue(word, out var expansion))
            {
                words.AddRange(expansion.Split(' '));
            }
            else
            {
                words.Add(Stem(Synonyms.GetValueOrDefault(word, word)));
            }
        }
        if (words.Count > 0 && words[^1] == Boundary)
        {
            words.RemoveAt(words.Count - 1);
        }
        return [.. EverydayWords.ReplacePhrases(words)];
    }

    /// <summary>
    /// The text folded as <see cref="VietnameseText.Fold"/> does (lowercase, no diacritics, 'đ' → 'd'), split into
    /// words, with <see cref="Boundary"/> where a clause ends: a comma, full stop, question mark… before a space or
    /// the end (not the dot inside "1.001193" or "8.000"), a line break or a bracket.
    /// </summary>
    private static IEnumerable<string> FoldedWithBoundaries(string text)
    {
        if (text.Contains("://", StringComparison.Ordinal) || text.Contains("www.", StringComparison.OrdinalIgnoreCase))
        {
            // A pasted address ("https://example.com/page?id=42") is not words the citizen chose.
            text = string.Join(' ', text.Split(' ').Select(w => w.Contains("://", StringComparison.Ordinal) || w.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? "," : w));
        }
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var word = new StringBuilder();
        for (var i = 0; i < decomposed.Length; i++)
        {
            var c = decomposed[i];
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            var mapped = c is 'đ' or 'Đ' ? 'd' : char.ToLowerInvariant(c);
            if (char.IsLetterOrDigit(mapped))
            {
                word.Append(mapped);
                continue;
            }
            if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
            var endsClause = c is '\n' or '(' or ')' or '[' or ']'
                || (c is ',' or '.' or ';' or ':' or '!' or '?' or '…' && (i + 1 == decomposed.Length || char.IsWhiteSpace(decomposed[i + 1]) || decomposed[i + 1] is ',' or '.' or '!' or '?'));
            if (endsClause)
            {
                yield return Boundary;
            }
        }
        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    /// <summary>A folded syllable as <see cref="Words"/> spells it when it stands alone ("ki" → "ky"); itself otherwise.</summary>
    public static string Spelling(string syllable) =>
        Abbreviations.TryGetValue(syllable, out var expansion) && !expansion.Contains(' ', StringComparison.Ordinal) ? expansion : syllable;

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

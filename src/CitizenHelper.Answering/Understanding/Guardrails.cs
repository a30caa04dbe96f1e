using CitizenHelper.Answering.Text;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Answering.Understanding;

public enum GuardrailKind
{
    None,

    /// <summary>An attempt to change the assistant's instructions or make it act outside its role.</summary>
    Injection,

    /// <summary>A request for another person's records or personal data.</summary>
    OtherPeoplesData,

    /// <summary>Forged papers, false statements, someone else's identity, or money to an official: see <see cref="Wrongdoing"/>.</summary>
    Wrongdoing,
}

/// <summary>Requests the assistant refuses whatever the knowledge base holds; matched on folded text.</summary>
public static class Guardrails
{
    private static readonly string[] InjectionCues =
    [
        "ignore previous", "ignore all previous", "ignore the above", "ignore your instructions", "system prompt", "you are now",
        "act as", "pretend to be", "developer mode", "jailbreak", "bo qua huong dan", "bo qua moi huong dan", "bo qua cac quy tac",
        "quen het huong dan", "dong vai", "gia vo la", "lenh he thong",
    ];

    private static readonly string[] OtherPeoplesDataCues =
    [
        "thong tin cua nguoi khac", "ho so cua nguoi khac", "cccd cua ong", "cccd cua ba", "cccd cua anh", "cccd cua chi",
        "so can cuoc cua ong", "so can cuoc cua ba", "dia chi nha cua", "so dien thoai cua ong", "so dien thoai cua ba",
        "tra cuu thong tin ca nhan cua", "someone else s", "another person s", "other people s", "look up someone",
    ];

    // Padded so they match whole words only; made once rather than for every cue of every question.
    private static readonly string[] PaddedInjectionCues = [.. InjectionCues.Select(c => $" {c} ")];
    private static readonly string[] PaddedOtherPeoplesDataCues = [.. OtherPeoplesDataCues.Select(c => $" {c} ")];

    public static GuardrailKind Detect(string text)
    {
        var folded = $" {VietnameseText.Fold(text)} ";
        if (PaddedInjectionCues.Any(c => folded.Contains(c, StringComparison.Ordinal)))
        {
            return GuardrailKind.Injection;
        }
        // Wrongdoing before others' data: "mượn CCCD của người khác" asks to use another's identity, not to see it.
        if (Wrongdoing.Named(text))
        {
            return GuardrailKind.Wrongdoing;
        }
        return PaddedOtherPeoplesDataCues.Any(c => folded.Contains(c, StringComparison.Ordinal)) || OthersData.Asked(text)
            ? GuardrailKind.OtherPeoplesData : GuardrailKind.None;
    }
}

/// <summary>What an out-of-scope question is about.</summary>
public enum OutOfScopeKind
{
    None,

    /// <summary>Not an administrative matter at all (weather, prices, health, beliefs, chit-chat): said plainly.</summary>
    OffTopic,

    /// <summary>A procedure or dispute handled elsewhere (passports, vehicles, divorce, foreign elements): staff can point the way.</summary>
    OtherProcedure,
}

/// <summary>
/// Topics the center's knowledge base does not cover, matched on whole folded words. A cue that the matched
/// document itself names ("người gốc Việt Nam định cư ở nước ngoài" in the land certificate) does not count:
/// see <see cref="Retrieval.KnowledgeIndex.Names"/>.
/// </summary>
public static class OutOfScope
{
    // (folded "thuoc" is also "thuộc", "sot" also "sót", "cuoi" also "cuối": only whole phrases for those)
    private static readonly string[] OffTopicCues =
    [
        // weather, sport, entertainment, chit-chat
        "thoi tiet", "troi mua", "co mua", "mua bao", "nhiet do", "bong da", "da voi", "world cup", "vo dich", "ca nhac", "phim",
        "xo so", "so xo", "ke chuyen", "chuyen cuoi", "cach nau", "nau pho", "mon an", "bai van", "lam tho", "game",
        "weather", "rain", "football", "match", "movie", "joke", "recipe",
        // prices, money and markets
        "gia vang", "gia xang", "xang", "gia dat", "gia nha", "gia phong", "chung khoan", "ty gia", "gia do", "bitcoin", "gia lua",
        "lai suat", "vay tien", "vay mua", "vay von", "bao hiem nhan tho", "it von", "loi nhieu", "kinh doanh gi", "nen dau tu", "dau tu vao", "nen mua",
        "luong toi thieu", "bao nhieu mot met vuong", "tien mot met vuong", "ve gia", "gold", "stock", "exchange rate", "interest rate", "land cost", "price of",
        "invest", "salary", "land price", "mortgage", "the chap",
        // health insurance beyond the card made with a newborn's birth registration
        "buy health insurance", "renew health insurance", "health insurance card renew", "health insurance for adult",
        "insurance for family", "mua bao hiem",
        // politics
        "chinh tri", "bau cu", "dang phai", "chu tich nuoc", "thu tuong", "tong bi thu", "politics", "election", "president",
        "prime minister",
        // health and medicine
        "benh vien nao", "kham benh", "kham thai", "uong thuoc", "mua thuoc", "thuoc gi", "chua benh", "dau bung",
        "bi sot", "tiem phong", "me bau", "an gi", "best hospital", "which hospital", "medicine", "fever", "sick",
        "pregnant",
        // beliefs and customs
        "ngay tot", "ngay dep", "ngay nao thi tot", "ngay nao tot", "xem tuoi", "hop tuoi", "hop menh", "phong thuy", "boi toan",
        "huong nha", "dong tho", "cung 49", "cung gio", "mam cung", "ten hay", "moi bao nhieu khach", "tang le tron goi", "mai tang tron goi", "dich vu mai tang",
        "dich vu tang le",
        "lucky day", "good day", "horoscope", "feng shui", "good idea to marry",
        // telecoms and shopping
        "viettel", "vinaphone", "mobifone", "nha mang", "mua sam",
    ];

    private static readonly string[] OtherProcedureCues =
    [
        // courts, disputes and legal advice
        "tu van luat", "kien tung", "kien ai", "kien o dau", "kien the nao", "khoi kien", "ly hon", "quyen nuoi con", "tranh chap", "lan chiem", "lan sang",
        "thua ke", "di chuc", "bi lua", "lua dao", "no luong", "to cao", "lawyer", "lawsuit", "divorce", "sue", "inheritance",
        // procedures of other offices
        "ho chieu", "visa", "thi thuc", "bien so", "dang ky xe", "bang lai", "giay phep lai xe", "ly lich tu phap",
        "nghia vu quan su", "thanh lap cong ty", "cong ty tnhh", "cong ty co phan", "con nuoi", "adopt", "adoption", "that nghiep", "luong huu", "gia han the bao hiem", "gia han bao hiem",
        "phat nguoi", "xuat khau lao dong", "passport", "driving license", "driving licence", "criminal record",
        "unemployment", "pension",
        // land transactions (the knowledge base has the first certificate only)
        "mat so do", "cap lai so do", "sang ten", "tach thua", "chuyen nhuong", "mua ban nha",
        // foreign elements: registered under different rules. A nationality alone ("lấy chồng Hàn Quốc", "Việt kiều")
        // is no longer a cue: marriage, birth and death with a foreign element are commune procedures of ours now.
        "nuoc ngoai", "foreigner", "foreign", "abroad",
    ];

    // Places and bodies a citizen mentions as context ("ngân hàng đòi giấy độc thân", "giấy báo tử của bệnh viện"):
    // they make a question out of scope only when no document answers it.
    private static readonly string[] ContextCues =
    [
        "benh vien", "bac si", "hospital", "doctor", "ngan hang", "bank", "loan", "cong ty", "doanh nghiep", "company",
    ];

    private static readonly Cue[] PreparedOffTopic = Prepare(OffTopicCues);
    private static readonly Cue[] PreparedOtherProcedure = Prepare(OtherProcedureCues);
    private static readonly Cue[] PreparedContext = Prepare(ContextCues);

    /// <summary>A cue as the text is compared (its words joined), and padded to match whole words only.</summary>
    private sealed record Cue(string Phrase, string Padded);

    private static Cue[] Prepare(string[] cues) =>
        [.. cues.Select(c => string.Join(' ', QueryText.Words(c))).Select(phrase => new Cue(phrase, $" {phrase} "))];

    /// <summary>
    /// The out-of-scope topic the text names, if any; <paramref name="namedByDocument"/> tells which cues the best
    /// candidate document names itself. With <paramref name="includeContext"/>, places mentioned as context count too.
    /// </summary>
    public static OutOfScopeKind Detect(string text, Func<string, bool>? namedByDocument = null, bool includeContext = false)
    {
        var padded = QueryText.Padded(text);
        bool Found(Cue cue) => padded.Contains(cue.Padded, StringComparison.Ordinal) && !(namedByDocument?.Invoke(cue.Phrase) ?? false);
        return PreparedOffTopic.Any(Found) || (includeContext && PreparedContext.Any(Found)) ? OutOfScopeKind.OffTopic
            : PreparedOtherProcedure.Any(Found) ? OutOfScopeKind.OtherProcedure
            : OutOfScopeKind.None;
    }
}


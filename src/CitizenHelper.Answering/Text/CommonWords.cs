namespace CitizenHelper.Answering.Text;

/// <summary>
/// Everyday words that say how or by whom a question is asked, not what it is about: people ("đứa", "cụ",
/// "neighbour"), time ("hôm qua", "year"), manner ("luôn", "rồi", "officially"). A question full of them is still
/// on topic; a question with a topic word no document knows ("visa", "phở") is not. So they never count against a
/// document, and they are never "corrected" into a knowledge-base word ("luôn" is not a typo for "lương").
/// Folded (no diacritics), English stemmed as <see cref="QueryText.Words"/> leaves it.
/// </summary>
public static class CommonWords
{
    private static readonly string[] Vietnamese =
    [
        // people and address
        "toi", "tui", "tao", "minh", "ta", "chung", "bon", "tu", "ho", "no", "nguoi", "ai", "dua", "be", "chau", "ong", "ba",
        "bo", "me", "cha", "ma", "u", "tia", "vo", "chong", "cu", "co", "chu", "bac", "di", "duong", "cau", "mo", "thim", "em",
        "anh", "chi", "ban", "nha", "gia", "dinh", "hang", "xom", "hai", "dua", "hoc", "truong", "lop",
        "gai", "trai", "rieng", "ruot",
        // time
        "roi", "gio", "bay", "nay", "hom", "qua", "mai", "sap", "moi", "vua", "dang", "da", "se", "truoc", "sau", "lau", "nam",
        "thang", "tuan", "ngay", "luc", "khi", "xua", "hoi", "nua", "van", "con", "chua", "tiep", "som", "muon", "kip",
        // manner, degree and talk
        "luon", "xong", "lam", "rat", "qua", "nhieu", "it", "het", "them", "cung", "chi", "deu", "ca", "moi", "tat",
        "thi", "ma", "nen", "neu", "vi", "boi", "nhung", "tuy", "hay", "hoac", "hoai", "lun", "ne", "nhe", "nha", "nhi", "day",
        "kia", "ay", "thoi", "vang", "da", "u", "uh", "oke", "giup", "ho", "dum", "gium", "voi", "biet", "hieu", "noi", "bao",
        "thay", "nghe", "nghi", "tuong", "cam", "thac", "mac", "ro", "cu", "the", "vay", "nhu", "kieu", "gi", "sao", "nao",
        "di", "len", "xuong", "ra", "vao", "ve", "toi", "den", "o", "tren", "duoi", "trong", "ngoai", "giua", "cach", "bang",
        "that", "su", "thuc", "chac", "phai", "duoc", "bi", "can", "muon", "xin", "hoi", "dinh", "tinh", "thu", "xem", "coi",
        "dung", "sai", "tot", "de", "kho", "nhanh", "cham", "lien", "ngay", "gap", "mot", "may", "vai", "cai", "chiec",
        "xau", "dep", "to", "nho", "lon", "tre", "gan", "sang", "trua", "chieu", "dem", "bua", "ngoan", "buon",
        "thang", "lan", "buoc", "dieu", "viec", "chuyen", "gi", "ok", "a", "ah", "oi", "ui",
    ];

    private static readonly string[] English =
    [
        "officially", "official", "actually", "really", "just", "also", "still", "already", "soon", "quickly", "now", "today",
        "tomorrow", "yesterday", "year", "years", "month", "months", "week", "weeks", "old", "young",
        "both", "each", "every", "all", "other", "another", "same", "own", "myself", "ourselves", "live", "living", "want",
        "wants", "like", "would", "tell", "know", "let", "help", "ask", "asking", "question", "here", "there", "then", "ago",
        "recently", "right", "correct", "possible", "able", "happen", "happens", "thing", "things", "something", "anything",
        "someone", "anyone", "people", "person", "family", "relative", "relatives", "grandmother", "grandfather", "grandma",
        "grandpa", "grandparent", "grandparents", "neighbour", "neighbor", "friend", "we", "us", "our", "vietnamese", "vietnam",
        "together", "again", "back", "yet", "without", "but", "away", "school", "work", "job",
        "give", "gave", "given", "got", "gotten", "came", "come", "went", "going", "say", "said", "see", "look", "find", "found",
    ];

    private static readonly HashSet<string> Words = new([.. Vietnamese, .. English.Select(QueryText.Stem)], StringComparer.Ordinal);

    public static bool Contains(string word) => Words.Contains(word);
}

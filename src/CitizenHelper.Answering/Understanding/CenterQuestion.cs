using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Answering.Understanding;

/// <summary>What a question about a commune's center asks for.</summary>
[Flags]
public enum CenterFacts
{
    None = 0,
    Address = 1,
    Hours = 2,
    Phone = 4,
}

/// <summary>Recognises "where is it / when is it open / what is its phone number" in a question that names a commune.</summary>
public static class CenterQuestion
{
    private static readonly string[] Hours =
        ["gio lam viec", "gio mo cua", "may gio", "mo cua", "lam viec luc", "lam viec tu", "thu bay", "chu nhat", "hours", "open", "opening", "closing", "close"];

    private static readonly string[] Phone = ["dien thoai", "sdt", "so dt", "hotline", "phone", "call", "goi dien", "lien he", "contact"];

    private static readonly string[] Address = ["o dau", "dia chi", "cho nao", "tru so", "dia diem", "where", "address", "located", "location"];

    public static CenterFacts Asked(string text)
    {
        var folded = $" {VietnameseText.Fold(text ?? "")} ";
        bool Any(string[] phrases) => phrases.Any(p => folded.Contains($" {p} ", StringComparison.Ordinal));
        return (Any(Address) ? CenterFacts.Address : 0) | (Any(Hours) ? CenterFacts.Hours : 0) | (Any(Phone) ? CenterFacts.Phone : 0);
    }
}

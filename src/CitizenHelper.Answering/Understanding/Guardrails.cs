using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Answering.Understanding;

public enum GuardrailKind
{
    None,

    /// <summary>An attempt to change the assistant's instructions or make it act outside its role.</summary>
    Injection,

    /// <summary>A request for another person's records or personal data.</summary>
    OtherPeoplesData,
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

    public static GuardrailKind Detect(string text)
    {
        var folded = $" {VietnameseText.Fold(text)} ";
        if (InjectionCues.Any(c => folded.Contains($" {c} ", StringComparison.Ordinal)))
        {
            return GuardrailKind.Injection;
        }
        return OtherPeoplesDataCues.Any(c => folded.Contains($" {c} ", StringComparison.Ordinal)) ? GuardrailKind.OtherPeoplesData : GuardrailKind.None;
    }
}

/// <summary>Topics the center does not deal with; consulted only when no document answers the question.</summary>
public static class OutOfScope
{
    private static readonly string[] Cues =
    [
        // weather, sport, entertainment
        "thoi tiet", "mua bao", "nhiet do", "bong da", "world cup", "ca nhac", "phim", "weather", "football", "movie",
        // prices and markets
        "gia vang", "gia xang", "gia dat", "gia nha", "chung khoan", "ty gia", "bitcoin", "gia lua", "gold price", "stock",
        // politics
        "chinh tri", "bau cu", "dang phai", "chu tich nuoc", "thu tuong", "quoc hoi", "politic", "election",
        // health and medicine
        // (folded "thuoc" is also "thuộc", "sot" also "sót": only whole phrases here)
        "benh vien", "kham benh", "kham thai", "uong thuoc", "mua thuoc", "thuoc gi", "bac si", "bi benh", "chua benh", "dau bung",
        "tiem phong", "doctor", "medicine", "hospital", "fever",
        // advice and beliefs
        "ngay tot", "xem tuoi", "phong thuy", "boi toan", "tu van luat", "kien tung", "ly hon", "lawyer", "lawsuit", "divorce",
    ];

    public static bool Detect(string text)
    {
        var folded = $" {VietnameseText.Fold(text)} ";
        return Cues.Any(c => folded.Contains($" {c} ", StringComparison.Ordinal));
    }
}

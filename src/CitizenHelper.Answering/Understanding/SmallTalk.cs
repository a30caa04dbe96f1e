using System.Text.RegularExpressions;
using CitizenHelper.Answering.Text;

namespace CitizenHelper.Answering.Understanding;

public enum SmallTalkKind
{
    None,
    Greeting,
    Thanks,
    AskForPerson,
}

/// <summary>Messages that are not questions about a procedure but still need a deliberate answer.</summary>
public static partial class SmallTalk
{
    private static readonly string[] PersonCues =
    [
        "gap can bo", "noi chuyen voi can bo", "gap nhan vien", "nhan vien", "nguoi that", "gap nguoi", "tong dai",
        "can bo ho tro", "talk to a person", "talk to someone", "human", "real person", "staff", "agent", "speak to",
    ];

    private static readonly string[] ThanksCues = ["cam on", "cam on ban", "thank", "thanks", "thank you", "tks"];

    private static readonly string[] GreetingCues = ["xin chao", "chao", "chao ban", "alo", "hello", "hi", "hey", "good morning"];

    private static readonly string[] PreparedPerson = Prepare(PersonCues);
    private static readonly string[] PreparedThanks = Prepare(ThanksCues);
    private static readonly string[] PreparedGreeting = Prepare(GreetingCues);

    private static string[] Prepare(string[] cues) => [.. cues.Select(c => $" {string.Join(' ', QueryText.Words(c))} ")];

    /// <summary>
    /// The message without a greeting in front of a question ("xin chào, tôi muốn làm lại…" → "tôi muốn làm lại…"): the
    /// greeting changes nothing about what is asked. A greeting alone stays, to be answered as one.
    /// </summary>
    public static string WithoutGreeting(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var greeting = LeadingGreeting().Match(text);
        if (!greeting.Success)
        {
            return text;
        }
        var rest = text[greeting.Length..];
        return rest.Any(char.IsLetterOrDigit) ? rest : text;
    }

    // A greeting word, the people greeted ("chào anh chị", "hello everyone"), and the punctuation after them.
    [GeneratedRegex(@"^\s*(?:(?:dạ|vâng)\s+)?(?:xin\s+ch[àa]o|ch[àa]o|alo|a\s?lô|hello|hi|hey|good\s+(?:morning|afternoon|evening))(?![\p{L}\p{N}])"
        + @"(?:\s+(?:bạn|ban|anh\s+chị|anh|chị|em|ad|admin|ạ|cô|chú|bác|cán\s+bộ|mọi\s+người|moi\s+nguoi|there|all|everyone|team|sir|madam)(?![\p{L}\p{N}]))*"
        + @"\s*[,.!?:;…~\-–]*\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LeadingGreeting();

    public static SmallTalkKind Detect(string text)
    {
        var folded = QueryText.Padded(text);
        if (PreparedPerson.Any(c => folded.Contains(c, StringComparison.Ordinal)))
        {
            return SmallTalkKind.AskForPerson;
        }
        if (PreparedThanks.Any(c => folded.Contains(c, StringComparison.Ordinal)))
        {
            return SmallTalkKind.Thanks;
        }
        return PreparedGreeting.Any(c => folded.Contains(c, StringComparison.Ordinal)) ? SmallTalkKind.Greeting : SmallTalkKind.None;
    }
}

namespace CitizenHelper.Answering.Understanding;

public enum SmallTalkKind
{
    None,
    Greeting,
    Thanks,
    AskForPerson,
}

/// <summary>Messages that are not questions about a procedure but still need a deliberate answer.</summary>
public static class SmallTalk
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

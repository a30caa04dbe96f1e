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

    public static SmallTalkKind Detect(string text)
    {
        var folded = QueryText.Padded(text);
        if (PersonCues.Any(c => folded.Contains($" {string.Join(' ', QueryText.Words(c))} ", StringComparison.Ordinal)))
        {
            return SmallTalkKind.AskForPerson;
        }
        if (ThanksCues.Any(c => folded.Contains($" {string.Join(' ', QueryText.Words(c))} ", StringComparison.Ordinal)))
        {
            return SmallTalkKind.Thanks;
        }
        return GreetingCues.Any(c => folded.Contains($" {string.Join(' ', QueryText.Words(c))} ", StringComparison.Ordinal)) ? SmallTalkKind.Greeting : SmallTalkKind.None;
    }
}

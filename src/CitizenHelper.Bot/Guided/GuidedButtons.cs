using System.Text.Json;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Bot.Guided;

/// <summary>What a resident can do in guided mode, by button or by typing the button's words.</summary>
public enum GuidedAction
{
    Start,
    Yes,
    NotYet,
    What,
    NotMine,
    Next,
    Back,
    Repeat,
    Simpler,
    Staff,
    Stop,
    Continue,
    Skip,

    /// <summary>Show the current place again in Vietnamese, as written, instead of the machine translation.</summary>
    Original,

    /// <summary>"Yes, that is my situation": the papers needed only in it are asked next.</summary>
    Mine,

    /// <summary>The "?" beside a hard word: that one glossary term explained, the same buttons kept.</summary>
    Term,
}

/// <summary>A pressed guided button: the action, the session it belongs to, and the position it was shown at.</summary>
public sealed record GuidedPress(GuidedAction Action, string? Token, string? Position, string? Procedure, string? Term = null);

/// <summary>
/// Guided buttons are messageBack buttons whose value is <c>{"citizenHelper":"guided","action":…,"token":…,"at":…}</c>:
/// the label is shown, the value travels, and <c>at</c> lets a button pressed after the flow moved on be recognised.
/// </summary>
public static class GuidedButtons
{
    public const string ValueKind = "guided";

    public static CardAction Button(string title, GuidedAction action, GuidedSession? session, string? procedure = null, string? term = null) => new()
    {
        Type = "messageBack",
        Title = title,
        DisplayText = title,
        Text = "",
        Value = JsonSerializer.SerializeToElement(new
        {
            citizenHelper = ValueKind,
            action = Name(action),
            token = session?.Token,
            at = session?.Position,
            procedure,
            term,
        }),
    };

    public static string Name(GuidedAction action) => action.ToString().ToLowerInvariant();

    public static GuidedPress? Read(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value
            || !value.TryGetProperty("citizenHelper", out var kind) || kind.ValueKind != JsonValueKind.String || kind.GetString() != ValueKind
            || String(value, "action") is not { } name
            || !Enum.TryParse<GuidedAction>(name, ignoreCase: true, out var action) || !Enum.IsDefined(action))
        {
            return null;
        }
        return new GuidedPress(action, Bounded(String(value, "token")), Bounded(String(value, "at")),
            String(value, "procedure") is { } p ? VietnameseText.ProcedureCodes(p).FirstOrDefault() : null, Bounded(String(value, "term")));
    }

    /// <summary>Words a resident may type instead of pressing a button, folded (no diacritics, lower case).</summary>
    public static GuidedAction? Typed(string text, GuidedStage stage)
    {
        var folded = VietnameseText.Fold(text ?? "");
        return folded switch
        {
            "dung" or "thoat" or "dung lai" or "huy" or "stop" or "exit" or "quit" or "cancel" => GuidedAction.Stop,
            "tiep" or "tiep theo" or "next" or "tiep tuc" or "continue" => stage == GuidedStage.Documents ? GuidedAction.Yes : GuidedAction.Next,
            "quay lai" or "lui" or "back" or "tro lai" => GuidedAction.Back,
            "lap lai" or "noi lai" or "repeat" or "again" => GuidedAction.Repeat,
            "noi de hieu hon" or "de hieu hon" or "noi gon" or "simpler" or "say it simpler" => GuidedAction.Simpler,
            "co" or "da co" or "co roi" or "roi" or "yes" or "i have it" => stage == GuidedStage.Documents ? GuidedAction.Yes : null,
            "chua" or "chua co" or "khong" or "khong co" or "no" or "not yet" => stage == GuidedStage.Documents ? GuidedAction.NotYet : null,
            "giay nay la gi" or "la gi" or "what is this" or "what" => stage == GuidedStage.Documents ? GuidedAction.What : null,
            "bo qua" or "skip" => GuidedAction.Skip,
            _ => null,
        };
    }

    /// <summary>Words that continue a stopped guide when typed ("tiếp tục", "continue").</summary>
    public static bool ContinueRequest(string text) =>
        VietnameseText.Fold(text ?? "") is "tiep tuc" or "tiep tuc huong dan" or "lam tiep" or "huong dan tiep" or "continue" or "continue the guide" or "go on";

    /// <summary>
    /// Whether something typed where the guide asks for a commune is rather a question (a question mark, a question
    /// word, or a long sentence): it is then answered, and the guide says where it was.
    /// </summary>
    public static bool LooksLikeQuestion(string text)
    {
        if ((text ?? "").Contains('?', StringComparison.Ordinal))
        {
            return true;
        }
        var words = VietnameseText.Fold(text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var folded = " " + string.Join(' ', words) + " ";
        return words.Length > 8
            || words.Any(QuestionWords.Contains)
            || words is [.., "khong" or "chua"] // "… có mất phí không", the question particle at the end
            || QuestionPhrases.Any(p => folded.Contains($" {p} ", StringComparison.Ordinal));
    }

    // Not "bao", "sao" or "can" alone: they are parts of place names (Bảo Lộc, Cần Giờ).
    private static readonly HashSet<string> QuestionWords = new(StringComparer.Ordinal) { "gi", "what", "how", "which", "why", "when", "much", "many" };

    private static readonly string[] QuestionPhrases = ["bao nhieu", "bao lau", "the nao", "lam sao", "o dau", "nop o", "can giay"];

    /// <summary>"hướng dẫn từng bước", "step by step", optionally followed by the procedure: returns what follows, or null.</summary>
    public static string? StartRequest(string text)
    {
        var folded = VietnameseText.Fold(text ?? "");
        foreach (var phrase in StartPhrases)
        {
            if (folded == phrase || folded.StartsWith(phrase + " ", StringComparison.Ordinal))
            {
                return folded[phrase.Length..].Trim();
            }
        }
        return null;
    }

    private static readonly string[] StartPhrases = ["huong dan tung buoc", "huong dan toi tung buoc", "chi tung buoc", "step by step", "guide me step by step", "guide me"];

    private static string? String(JsonElement value, string name) =>
        value.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() : null;

    private static string? Bounded(string? text) => text is { Length: > 0 and <= 64 } ? text : null;
}

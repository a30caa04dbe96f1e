using CitizenHelper.Knowledge.Text;
using CitizenHelper.Bot.Schema;

namespace CitizenHelper.Web.Staff.Components;

/// <summary>
/// One message of the transcript as the console shows it, as in a chat: who ("user", "bot" or "staff"), when, and its
/// lines of plain text (the bot's Markdown read as text; what the citizen or staff typed as typed), personal data
/// redacted. Each message is its own element, so a citizen's text cannot pass for another speaker's.
/// </summary>
public sealed record ChatMessage(DateTimeOffset? At, string Who, IReadOnlyList<string> Lines)
{
    public string Speaker => Who switch
    {
        "bot" => "Trợ lý ảo · Bot",
        "staff" => "Cán bộ · Staff",
        _ => "Người dân · Citizen",
    };

    /// <summary>Markdown read as plain text: no asterisks, hashes or link definitions.</summary>
    public static string PlainText(string markdown) => Markdig.Markdown.ToPlainText(markdown ?? "").Trim();

    public static ChatMessage From(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        // Only the service writes as the bot or staff (clients post as the user): the speaker is one of three names.
        var who = activity.From is { Role: RoleTypes.Bot } from ? (from.Id == "staff" ? "staff" : "bot") : "user";
        var text = PersonalData.Redact(activity.Text ?? "");
        if (who == "bot")
        {
            text = PlainText(text);
        }
        var lines = text.Split((string[])["\r\n", "\n", "\r", "\v", "\f", "\u0085", "\u2028", "\u2029"], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new ChatMessage(activity.Timestamp, who, lines);
    }
}

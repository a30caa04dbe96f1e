using System.Globalization;
using System.Text.Json;

namespace CitizenHelper.Web.Zalo;

/// <summary>The Zalo webhook events the channel takes (their <c>event_name</c>).</summary>
public static class ZaloEventNames
{
    public const string Text = "user_send_text";
    public const string Image = "user_send_image";
    public const string Sticker = "user_send_sticker";
    public const string Location = "user_send_location";
    public const string Follow = "follow";
    public const string Unfollow = "unfollow";

    public static bool Handled(string name) => name is Text or Image or Sticker or Location or Follow or Unfollow;
}

/// <summary>
/// One webhook event, as far as the channel uses it. The sender is <c>sender.id</c> for messages and
/// <c>follower.id</c> for follow and unfollow; <c>timestamp</c> is milliseconds since 1970, as a string or a number.
/// </summary>
public sealed record ZaloEvent(string Name, string UserId, string Timestamp, DateTimeOffset At, string? MessageId, string? Text, string? ImageUrl)
{
    public const int MaxUserIdLength = 64;
    public const int MaxMessageIdLength = 128;
    public const int MaxTextLength = 4000;

    /// <summary>What makes a delivery the same event: its message id, else its kind, user and time.</summary>
    public string EventId => MessageId is { } id ? "m:" + id : $"e:{Name}:{UserId}:{Timestamp}";

    /// <summary>The event's fields; null when the body is not an event the channel can read (the reason in <paramref name="problem"/>).</summary>
    public static ZaloEvent? Read(JsonElement root, out string? problem)
    {
        problem = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            problem = "The body is not a JSON object.";
            return null;
        }
        var name = String(root, "event_name");
        var timestamp = root.TryGetProperty("timestamp", out var t) ? t.ValueKind switch
        {
            JsonValueKind.String => t.GetString(),
            JsonValueKind.Number => t.GetRawText(),
            _ => null,
        } : null;
        if (name is null || timestamp is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms is < 0 or > 253402300799999)
        {
            problem = "The event needs an event_name and a timestamp in milliseconds.";
            return null;
        }
        var user = name is ZaloEventNames.Follow or ZaloEventNames.Unfollow ? Id(root, "follower") : Id(root, "sender");
        if (!ZaloEventNames.Handled(name))
        {
            return new ZaloEvent(name, user ?? "", timestamp, DateTimeOffset.FromUnixTimeMilliseconds(ms), null, null, null);
        }
        if (user is not { Length: > 0 and <= MaxUserIdLength } || !user.All(char.IsAsciiLetterOrDigit))
        {
            problem = "The event's user id is missing or not a Zalo id.";
            return null;
        }
        string? messageId = null, text = null, image = null;
        if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
        {
            messageId = String(message, "msg_id");
            text = String(message, "text");
            if (message.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array)
            {
                image = attachments.EnumerateArray()
                    .Where(a => a.ValueKind == JsonValueKind.Object && String(a, "type") == "image" && a.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object)
                    .Select(a => String(a.GetProperty("payload"), "url"))
                    .FirstOrDefault(u => u is not null);
            }
        }
        if (messageId is { Length: > MaxMessageIdLength } || text is { Length: > MaxTextLength } || image is { Length: > 2048 })
        {
            problem = "A field of the event is longer than Zalo sends.";
            return null;
        }
        if (name.StartsWith("user_send_", StringComparison.Ordinal) && messageId is null)
        {
            problem = "A message event needs message.msg_id.";
            return null;
        }
        return new ZaloEvent(name, user, timestamp, DateTimeOffset.FromUnixTimeMilliseconds(ms), messageId, text?.Replace("\0", "", StringComparison.Ordinal), image);
    }

    private static string? Id(JsonElement root, string property) =>
        root.TryGetProperty(property, out var o) && o.ValueKind == JsonValueKind.Object ? String(o, "id") : null;

    private static string? String(JsonElement o, string property) =>
        o.TryGetProperty(property, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;
}

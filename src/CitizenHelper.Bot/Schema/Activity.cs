using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CitizenHelper.Bot.Schema;

/// <summary>
/// A Bot Framework Activity (the subset this service reads and writes). Unknown properties are kept in
/// <see cref="Properties"/> and <see cref="ChannelData"/> is kept as sent, so an activity round-trips unchanged.
/// </summary>
public sealed class Activity
{
    public string Type { get; set; } = ActivityTypes.Message;
    public string? Id { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public string? LocalTimestamp { get; set; }
    public string? LocalTimezone { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public string? TextFormat { get; set; }
    public string? Text { get; set; }
    public string? Speak { get; set; }
    public string? InputHint { get; set; }
    public string? Locale { get; set; }
    public string? Name { get; set; }
    public string? ReplyToId { get; set; }
    public JsonElement? Value { get; set; }
    public IList<Attachment>? Attachments { get; set; }
    public string? AttachmentLayout { get; set; }
    public IList<JsonObject>? Entities { get; set; }
    public JsonElement? ChannelData { get; set; }
    public SuggestedActions? SuggestedActions { get; set; }
    public IList<ChannelAccount>? MembersAdded { get; set; }
    public IList<ChannelAccount>? MembersRemoved { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>
    /// The first list, by its JSON name, that holds a null (<c>"attachments":[null]</c> deserializes to a null
    /// element), or null when none does. A client's bad input: the code that reads these lists expects objects.
    /// </summary>
    public string? ListHoldingNull() =>
        Attachments?.Any(a => a is null) == true ? "attachments"
        : Entities?.Any(e => e is null) == true ? "entities"
        : MembersAdded?.Any(m => m is null) == true ? "membersAdded"
        : MembersRemoved?.Any(m => m is null) == true ? "membersRemoved"
        : SuggestedActions?.Actions?.Any(a => a is null) == true ? "suggestedActions.actions"
        : SuggestedActions?.To?.Any(t => t is null) == true ? "suggestedActions.to"
        : null;

    /// <summary>The client's own id for the activity (Web Chat's <c>channelData.clientActivityID</c>), if any.</summary>
    [JsonIgnore]
    public string? ClientActivityId =>
        ChannelData is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty("clientActivityID", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
}

public static class ActivityTypes
{
    public const string Message = "message";
    public const string Typing = "typing";
    public const string Event = "event";
    public const string ConversationUpdate = "conversationUpdate";
    public const string EndOfConversation = "endOfConversation";
    public const string MessageReaction = "messageReaction";
    public const string Invoke = "invoke";
}

public static class RoleTypes
{
    public const string User = "user";
    public const string Bot = "bot";
}

public sealed class ChannelAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Role { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public sealed class ConversationAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public bool? IsGroup { get; set; }
    public string? ConversationType { get; set; }
    public string? TenantId { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public sealed class Attachment
{
    public string? ContentType { get; set; }
    public string? ContentUrl { get; set; }
    public JsonElement? Content { get; set; }
    public string? Name { get; set; }
    public string? ThumbnailUrl { get; set; }
}

public sealed class SuggestedActions
{
    public IList<string>? To { get; set; }
    public IList<CardAction> Actions { get; set; } = [];
}

public sealed class CardAction
{
    public string Type { get; set; } = "imBack";
    public string? Title { get; set; }
    public JsonElement? Value { get; set; }

    /// <summary>For messageBack: what the chat shows as the user's message.</summary>
    public string? DisplayText { get; set; }

    /// <summary>For messageBack: the text sent with the value (may be empty).</summary>
    public string? Text { get; set; }
}

/// <summary>The one set of JSON settings for activities on every wire: camelCase, nulls left out.</summary>
public static class ActivityJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Vietnamese stays as UTF-8 instead of \uXXXX escapes: a third of the bytes on a slow network.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(Activity activity) => JsonSerializer.Serialize(activity, Options);

    public static Activity? Deserialize(string json) => JsonSerializer.Deserialize<Activity>(json, Options);
}

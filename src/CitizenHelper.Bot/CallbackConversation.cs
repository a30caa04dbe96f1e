using System.Text.Json;
using CitizenHelper.Answering;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Bot.Turns;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Bot;

/// <summary>
/// The citizen's choice to leave a phone number for a call-back: a button on the escalation message, then the
/// number. Nothing is kept unless the citizen chose it and the number is a valid Vietnamese phone number.
/// </summary>
public static class CallbackConversation
{
    /// <summary>The value the call-back button sends: <c>{"citizenHelper":"callback","reference":…}</c>.</summary>
    public const string CallbackValue = "callback";

    /// <summary>The call-back button for an escalation message.</summary>
    public static CardAction Offer(string language, string reference) => new()
    {
        Type = "messageBack",
        Title = CallbackTexts.For(language).Button,
        DisplayText = CallbackTexts.For(language).Button,
        Text = "",
        Value = JsonSerializer.SerializeToElement(new { citizenHelper = CallbackValue, reference }),
    };

    /// <summary>The reference the button was pressed for (empty when it carried none), or null when this is not the button.</summary>
    public static string? Requested(Activity activity) =>
        activity?.Value is { ValueKind: JsonValueKind.Object } value
        && value.TryGetProperty("citizenHelper", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == CallbackValue
            ? (value.TryGetProperty("reference", out var reference) && reference.ValueKind == JsonValueKind.String ? reference.GetString() ?? "" : "")
            : null;

    public static async Task AskForNumberAsync(ITurnContext turn, IConversationStateStore states, string conversationId, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(states);
        var state = await states.LoadAsync(conversationId, cancellationToken).ConfigureAwait(false);
        await states.SaveAsync(conversationId, state with { AwaitingCallbackFor = reference }, cancellationToken).ConfigureAwait(false);
        await turn.SendActivityAsync(Message(state.Language, CallbackTexts.For(state.Language).AskNumber), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// While a number is awaited: takes it, or asks again when the text looks like a wrong number, or lets go when the
    /// citizen cancels or asks something else. Returns true when the message was handled here.
    /// </summary>
    public static async Task<bool> TryTakeNumberAsync(
        ITurnContext turn, IConversationStateStore states, ICallbackSink callbacks, string conversationId, ConversationState state, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(callbacks);
        ArgumentNullException.ThrowIfNull(state);
        if (state.AwaitingCallbackFor is not { } reference)
        {
            return false;
        }
        var texts = CallbackTexts.For(state.Language);
        if (CallbackPhone.Normalize(text) is { } phone)
        {
            await states.SaveAsync(conversationId, state with { AwaitingCallbackFor = null }, cancellationToken).ConfigureAwait(false);
            var kept = await callbacks.LeaveCallbackAsync(conversationId, reference.Length == 0 ? null : reference, phone, turn.Activity.Id, cancellationToken).ConfigureAwait(false);
            await turn.SendActivityAsync(Message(state.Language, kept is null ? texts.NothingToCallAbout : string.Format(System.Globalization.CultureInfo.InvariantCulture, texts.Kept, kept)), cancellationToken).ConfigureAwait(false);
            return true;
        }
        if (CallbackPhone.LooksLikeNumber(text))
        {
            await turn.SendActivityAsync(Message(state.Language, texts.NotANumber), cancellationToken).ConfigureAwait(false);
            return true;
        }
        await states.SaveAsync(conversationId, state with { AwaitingCallbackFor = null }, cancellationToken).ConfigureAwait(false);
        if (VietnameseText.Fold(text) is "huy" or "cancel" or "khong" or "no" or "thoi")
        {
            await turn.SendActivityAsync(Message(state.Language, texts.Cancelled), cancellationToken).ConfigureAwait(false);
            return true;
        }
        return false;
    }

    private static Activity Message(string? language, string text) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        TextFormat = "plain",
        Locale = language == "en" ? "en-US" : "vi-VN",
        InputHint = "expectingInput",
        ChannelData = JsonSerializer.SerializeToElement(new { citizenHelper = new { outcome = "smalltalk", callback = true } }),
    };
}

/// <summary>What the bot says about call-backs, in Vietnamese and English.</summary>
public sealed record CallbackTexts(string Button, string AskNumber, string NotANumber, string Kept, string Cancelled, string NothingToCallAbout)
{
    private static readonly CallbackTexts Vietnamese = new(
        "Để lại số điện thoại để được gọi lại",
        "Bạn hãy nhập số điện thoại để cán bộ Trung tâm gọi lại (ví dụ 0912 345 678). Số này chỉ cán bộ Trung tâm xem được, chỉ dùng để gọi lại và sẽ được xoá sau thời hạn lưu. Gõ \"huỷ\" nếu bạn đổi ý.",
        "Số này chưa đúng dạng số điện thoại Việt Nam (ví dụ 0912 345 678 hoặc 024 3825 1234). Bạn nhập lại, hoặc gõ \"huỷ\".",
        "Cảm ơn bạn. Cán bộ Trung tâm sẽ gọi lại về yêu cầu {0}. Bạn vẫn có thể nhận trả lời ngay trong cuộc trò chuyện này.",
        "Được, tôi không lưu số điện thoại nào.",
        "Hiện không có yêu cầu nào đang chờ cán bộ, nên tôi không lưu số điện thoại.");

    private static readonly CallbackTexts English = new(
        "Leave a phone number for a call-back",
        "Please type your phone number so the center's staff can call you back (for example 0912 345 678). Only the center's staff can see it; it is used only for the call-back and deleted after the retention period. Type \"cancel\" if you change your mind.",
        "That is not a Vietnamese phone number (for example 0912 345 678 or 024 3825 1234). Please type it again, or type \"cancel\".",
        "Thank you. The center's staff will call you back about {0}. You can still get the reply in this conversation.",
        "All right, no phone number is kept.",
        "There is no request waiting for staff, so no phone number is kept.");

    public static CallbackTexts For(string? language) => language == "en" ? English : Vietnamese;
}

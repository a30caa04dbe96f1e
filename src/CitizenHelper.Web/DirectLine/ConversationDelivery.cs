using System.Security.Cryptography;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Storage;

namespace CitizenHelper.Web.DirectLine;

/// <summary>
/// Puts activities into a conversation: gives them an id and the one server clock's timestamp, stores them, and
/// wakes the conversation's open streams. Bot replies and later messages (staff replies) all come through here.
/// </summary>
public sealed class ConversationDelivery(ConversationStore store, ConversationSignals signals, TimeProvider clock)
{
    public async Task<(string Id, long Watermark)> StoreAsync(Activity activity, bool awaitingTurn, bool visibleToClient, CancellationToken cancellationToken, long? completesTurn = null)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var conversationId = activity.Conversation?.Id ?? throw new ArgumentException("The activity has no conversation.", nameof(activity));
        activity.Id = NewActivityId(conversationId);
        activity.Timestamp = clock.GetUtcNow();
        var stored = await store.AppendAsync(activity, awaitingTurn, visibleToClient, cancellationToken, completesTurn).ConfigureAwait(false);
        if (visibleToClient)
        {
            signals.NotifyStored(conversationId, stored);
        }
        return (activity.Id, stored.Sequence);
    }

    /// <summary>Typing and other activities that only open streams see.</summary>
    public void SendEphemeral(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity.Id ??= NewActivityId(activity.Conversation?.Id ?? "");
        activity.Timestamp ??= clock.GetUtcNow();
        signals.SendEphemeral(activity.Conversation?.Id ?? "", activity);
    }

    private static string NewActivityId(string conversationId) =>
        $"{conversationId}|{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
}

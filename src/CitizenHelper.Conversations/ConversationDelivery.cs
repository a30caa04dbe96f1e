using System.Security.Cryptography;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Storage;
using Microsoft.EntityFrameworkCore;

namespace CitizenHelper.Conversations;

/// <summary>
/// A channel that is not read from the store but sent to (Zalo): it takes every stored message of the service (bot
/// replies, staff replies) in its own conversations, durably and once per activity id, and sends it on its own.
/// </summary>
public interface IActivityOutlet
{
    Task TakeAsync(Activity activity, CancellationToken cancellationToken);
}

/// <summary>
/// Puts activities into a conversation: gives them an id and the one server clock's timestamp, stores them, and
/// wakes the conversation's open streams. Bot replies and later messages (staff replies) all come through here.
/// A later message in a conversation of a Bot Framework channel is also sent to that channel, and every message of
/// the service in a conversation of a channel with an outlet (Zalo) goes to that outlet.
/// </summary>
public sealed class ConversationDelivery(
    ConversationStore store, ConversationSignals signals, IActivityRelay relay, IChannelSender channels, IEnumerable<IActivityOutlet> outlets, TimeProvider clock, ILogger<ConversationDelivery> logger)
{
    public async Task<(string Id, long Watermark)> StoreAsync(Activity activity, bool awaitingTurn, bool visibleToClient, CancellationToken cancellationToken, long? completesTurn = null)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var conversationId = activity.Conversation?.Id ?? throw new ArgumentException("The activity has no conversation.", nameof(activity));
        activity.Id = NewActivityId(conversationId);
        return await StoreAsIsAsync(activity, conversationId, awaitingTurn, visibleToClient, cancellationToken, completesTurn).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores a later message (visible, no turn) under the id it already carries, unless an activity with that id
    /// is stored already: a delivery tried again after a crash puts it into the conversation once. True when stored now.
    /// </summary>
    public async Task<bool> StoreOnceAsync(Activity activity, CancellationToken cancellationToken) =>
        await StoreOnceAsync(activity, awaitingTurn: false, visibleToClient: true, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>
    /// Stores an activity under the id it already carries, unless an activity with that id is stored already (a
    /// message handled again after a crash: once in the conversation, one turn). Its watermark when stored now, else null.
    /// </summary>
    public async Task<long?> StoreOnceAsync(Activity activity, bool awaitingTurn, bool visibleToClient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var conversationId = activity.Conversation?.Id ?? throw new ArgumentException("The activity has no conversation.", nameof(activity));
        var id = activity.Id ?? throw new ArgumentException("The activity has no id.", nameof(activity));
        if (await store.ContainsActivityAsync(id, cancellationToken).ConfigureAwait(false))
        {
            // Stored before a crash, perhaps not yet handed to its outlet: outlets take an activity once by its id.
            if (visibleToClient)
            {
                await ToOutletsAsync(activity, cancellationToken).ConfigureAwait(false);
            }
            return null;
        }
        try
        {
            return (await StoreAsIsAsync(activity, conversationId, awaitingTurn, visibleToClient, cancellationToken).ConfigureAwait(false)).Watermark;
        }
        catch (DbUpdateException)
        {
            // Stored meanwhile by another delivery of the same message (the unique id let only one in), or the
            // conversation is gone: that is the caller's to handle.
            if (!await store.ContainsActivityAsync(id, CancellationToken.None).ConfigureAwait(false))
            {
                throw;
            }
            return null;
        }
    }

    private async Task<(string Id, long Watermark)> StoreAsIsAsync(
        Activity activity, string conversationId, bool awaitingTurn, bool visibleToClient, CancellationToken cancellationToken, long? completesTurn = null)
    {
        activity.Timestamp = clock.GetUtcNow();
        var stored = await store.AppendAsync(activity, awaitingTurn, visibleToClient, cancellationToken, completesTurn).ConfigureAwait(false);
        if (visibleToClient)
        {
            signals.NotifyStored(conversationId, stored);
            relay.Stored(conversationId, stored);
            if (activity.ReplyToId is null && activity.From?.Role != RoleTypes.User)
            {
                await ForwardToChannelAsync(activity, cancellationToken).ConfigureAwait(false);
            }
            await ToOutletsAsync(activity, cancellationToken).ConfigureAwait(false);
        }
        return (activity.Id!, stored.Sequence);
    }

    /// <summary>
    /// Replies within a turn are sent by the channel endpoint itself (they carry replyToId); a message that comes
    /// later, such as a staff reply, goes to the channel's service URL as a new activity. It stays stored either way.
    /// </summary>
    private async Task ForwardToChannelAsync(Activity activity, CancellationToken cancellationToken)
    {
        var conversationId = activity.Conversation!.Id!;
        if (await store.ServiceUrlAsync(conversationId, cancellationToken).ConfigureAwait(false) is not { } serviceUrl || !channels.MayReplyTo(serviceUrl))
        {
            return;
        }
        activity.ServiceUrl = serviceUrl;
        try
        {
            await channels.SendAsync(activity, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning(e, "Could not send a later message of {ConversationId} to its channel", conversationId);
        }
    }

    private async Task ToOutletsAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.From?.Role == RoleTypes.User)
        {
            return;
        }
        foreach (var outlet in outlets)
        {
            await outlet.TakeAsync(activity, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Typing and other activities that only open streams see.</summary>
    public void SendEphemeral(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity.Id ??= NewActivityId(activity.Conversation?.Id ?? "");
        activity.Timestamp ??= clock.GetUtcNow();
        signals.SendEphemeral(activity.Conversation?.Id ?? "", activity);
        relay.Ephemeral(activity.Conversation?.Id ?? "", activity);
    }

    /// <summary>A new id for an activity of <paramref name="conversationId"/>.</summary>
    public static string NewActivityId(string conversationId) =>
        $"{conversationId}|{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
}

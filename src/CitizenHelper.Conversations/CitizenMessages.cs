using CitizenHelper.Bot;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Storage;

namespace CitizenHelper.Conversations;

/// <summary>
/// Takes in what a citizen's client sends: each activity is stored before the client is answered and queued for the
/// bot's turn (<see cref="TurnProcessor"/>), so the answer comes later on the conversation's streams and polls.
/// </summary>
public sealed class CitizenMessages(ConversationStore store, ConversationDelivery delivery, PendingTurns turns)
{
    /// <summary>
    /// Opens the conversation unless it exists; a new one is announced to the bot with <c>conversationUpdate</c>, which
    /// the client never sees (Web Chat never sends it). True when it is new.
    /// </summary>
    public async Task<bool> StartAsync(string conversationId, string channelId, string? userId, string? locale, CancellationToken cancellationToken)
    {
        var created = await store.CreateAsync(conversationId, channelId, userId, locale, cancellationToken).ConfigureAwait(false);
        if (created)
        {
            var update = new Activity
            {
                Type = ActivityTypes.ConversationUpdate,
                ChannelId = channelId,
                From = new ChannelAccount { Id = userId ?? "user", Role = RoleTypes.User },
                Recipient = BotIdentity.Account(),
                Conversation = new ConversationAccount { Id = conversationId },
                Locale = locale,
                MembersAdded = [BotIdentity.Account(), new ChannelAccount { Id = userId ?? "user", Role = RoleTypes.User }],
            };
            var (_, sequence) = await delivery.StoreAsync(update, awaitingTurn: true, visibleToClient: false, cancellationToken).ConfigureAwait(false);
            turns.Enqueue(sequence, update);
        }
        return created;
    }

    /// <summary>An activity of the citizen, already addressed to the bot in its conversation: stored and queued for the bot's turn. Its id.</summary>
    public async Task<string> TakeAsync(Activity activity, CancellationToken cancellationToken)
    {
        var (id, sequence) = await delivery.StoreAsync(activity, awaitingTurn: true, visibleToClient: true, cancellationToken).ConfigureAwait(false);
        turns.Enqueue(sequence, activity);
        return id;
    }

    /// <summary>The citizen is typing: shown on the conversation's open streams only, never stored.</summary>
    public void SendTyping(Activity activity) => delivery.SendEphemeral(activity);
}

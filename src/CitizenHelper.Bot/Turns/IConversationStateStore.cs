using CitizenHelper.Answering;

namespace CitizenHelper.Bot.Turns;

/// <summary>Durable per-conversation state, so follow-ups work after a reload and on any instance.</summary>
public interface IConversationStateStore
{
    Task<ConversationState> LoadAsync(string conversationId, CancellationToken cancellationToken);

    Task SaveAsync(string conversationId, ConversationState state, CancellationToken cancellationToken);
}

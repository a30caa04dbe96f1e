using System.Text.Json;
using CitizenHelper.Answering;
using CitizenHelper.Bot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CitizenHelper.Storage;

/// <summary>
/// Keeps the bot's per-conversation state in the conversation's row, with the states of recent conversations in
/// memory: every turn reads the state, and the row only changes through this store. One service instance owns a
/// database (SQLite), or conversations stick to one instance.
/// </summary>
public sealed class ConversationStateStore(IDbContextFactory<CitizenHelperDbContext> contexts, BatchWriter writes) : IConversationStateStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly BoundedMemo<ConversationState> _recent = new();

    public async Task<ConversationState> LoadAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (_recent.TryGet(conversationId, out var cached))
        {
            return cached;
        }
        var state = await ReadAsync(conversationId, cancellationToken).ConfigureAwait(false);
        Remember(conversationId, state);
        return state;
    }

    private async Task<ConversationState> ReadAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var json = await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.StateJson)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return json is null ? ConversationState.New : JsonSerializer.Deserialize<ConversationState>(json, Json) ?? ConversationState.New;
    }

    public async Task SaveAsync(string conversationId, ConversationState state, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(state, Json);
        // Forgotten until the write commits, so a failed write is not served from memory.
        _recent.Remove(conversationId);
        await writes.WriteRowsAsync<bool>(async (rows, ct) =>
        {
            if (!await rows.UpdateAsync<ConversationRecord>(conversationId, nameof(ConversationRecord.StateJson), json, ct).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"There is no conversation {conversationId} to keep the state of.");
            }
            return () => true;
        }, cancellationToken).ConfigureAwait(false);
        Remember(conversationId, state);
    }

    /// <summary>Forgets the states of conversations retention deleted.</summary>
    public void Forget(IEnumerable<string> conversationIds)
    {
        ArgumentNullException.ThrowIfNull(conversationIds);
        foreach (var id in conversationIds)
        {
            _recent.Remove(id);
        }
    }

    private void Remember(string conversationId, ConversationState state)
    {
        _recent.Set(conversationId, state);
    }
}

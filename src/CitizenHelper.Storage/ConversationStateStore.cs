using System.Text.Json;
using CitizenHelper.Answering;
using CitizenHelper.Bot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CitizenHelper.Storage;

/// <summary>Keeps the bot's per-conversation state in the conversation's row.</summary>
public sealed class ConversationStateStore(IDbContextFactory<CitizenHelperDbContext> contexts, WriteGate gate) : IConversationStateStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ConversationState> LoadAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var json = await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.StateJson)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return json is null ? ConversationState.New : JsonSerializer.Deserialize<ConversationState>(json, Json) ?? ConversationState.New;
    }

    public async Task SaveAsync(string conversationId, ConversationState state, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(state, Json);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await gate.RunAsync(() => db.Conversations.Where(c => c.Id == conversationId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.StateJson, json), cancellationToken), cancellationToken).ConfigureAwait(false);
    }
}

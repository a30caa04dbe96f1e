using System.Text.Json;
using CitizenHelper.Answering;
using CitizenHelper.Bot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CitizenHelper.Storage;

/// <summary>Keeps the bot's per-conversation state in the conversation's row.</summary>
public sealed class ConversationStateStore(IDbContextFactory<CitizenHelperDbContext> contexts, BatchWriter writes) : IConversationStateStore
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
        await writes.WriteAsync<bool>(db =>
        {
            var conversation = db.Conversations.Local.FirstOrDefault(c => c.Id == conversationId);
            if (conversation is null)
            {
                conversation = new ConversationRecord { Id = conversationId, ChannelId = "" };
                db.Conversations.Attach(conversation);
            }
            conversation.StateJson = json;
            db.Entry(conversation).Property(c => c.StateJson).IsModified = true;
            return () => true;
        }, cancellationToken).ConfigureAwait(false);
    }
}

using CitizenHelper.Answering;
using CitizenHelper.Bot.Turns;

namespace CitizenHelper.Storage;

/// <summary>
/// Keeps citizens' ratings of answers, for the staff dashboard. The procedure comes back from the client with the
/// rating button, so only a code the loaded knowledge has is kept; anything else counts without a procedure.
/// </summary>
public sealed class RatingStore(BatchWriter writes, TimeProvider clock, KnowledgeProvider knowledge) : IRatingSink
{
    public Task RecordAsync(string conversationId, string? procedureCode, bool helpful, CancellationToken cancellationToken) =>
        writes.WriteAsync<bool>(db =>
        {
            db.Ratings.Add(new RatingRecord { ConversationId = conversationId, ProcedureCode = knowledge.Current.Base.HasProcedure(procedureCode) ? procedureCode : null, Helpful = helpful, At = clock.GetUtcNow() });
            return () => true;
        }, cancellationToken);
}

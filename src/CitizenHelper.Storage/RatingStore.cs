using CitizenHelper.Bot.Turns;

namespace CitizenHelper.Storage;

/// <summary>Keeps citizens' ratings of answers, for the staff dashboard.</summary>
public sealed class RatingStore(BatchWriter writes, TimeProvider clock) : IRatingSink
{
    public Task RecordAsync(string conversationId, string? procedureCode, bool helpful, CancellationToken cancellationToken) =>
        writes.WriteAsync<bool>(db =>
        {
            db.Ratings.Add(new RatingRecord { ConversationId = conversationId, ProcedureCode = procedureCode, Helpful = helpful, At = clock.GetUtcNow() });
            return () => true;
        }, cancellationToken);
}

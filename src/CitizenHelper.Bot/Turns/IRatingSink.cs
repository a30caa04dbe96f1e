namespace CitizenHelper.Bot.Turns;

/// <summary>Where the bot records a citizen's "helpful / not helpful".</summary>
public interface IRatingSink
{
    Task RecordAsync(string conversationId, string? procedureCode, bool helpful, CancellationToken cancellationToken);
}

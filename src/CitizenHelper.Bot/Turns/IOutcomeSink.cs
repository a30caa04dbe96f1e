namespace CitizenHelper.Bot.Turns;

/// <summary>Where the bot notes what happened to each question (no text is kept, only the outcome).</summary>
public interface IOutcomeSink
{
    Task RecordAsync(string conversationId, string outcome, string? procedureCode, string language, CancellationToken cancellationToken);
}

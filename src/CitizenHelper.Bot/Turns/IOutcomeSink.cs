namespace CitizenHelper.Bot.Turns;

/// <summary>Where the bot notes what happened to each question (no text is kept, only the outcome).</summary>
public interface IOutcomeSink
{
    /// <param name="commune">The commune the citizen named in the conversation (its unit code), if any: decides the center it counts for.</param>
    Task RecordAsync(string conversationId, string outcome, string? procedureCode, string language, CancellationToken cancellationToken, string? commune = null);
}

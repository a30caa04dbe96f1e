namespace CitizenHelper.Bot.Turns;

/// <summary>Keeps the phone number a citizen chose to leave so staff can call back about an escalated question.</summary>
public interface ICallbackSink
{
    /// <summary>
    /// Stores the number with the conversation's escalation (<paramref name="reference"/>, or its latest) and redacts
    /// it from the stored message it came in (<paramref name="activityId"/>), so it is kept in one place only.
    /// Returns the reference, or null when there is no escalation.
    /// </summary>
    Task<string?> LeaveCallbackAsync(string conversationId, string? reference, string phone, string? activityId, CancellationToken cancellationToken);
}

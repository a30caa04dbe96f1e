namespace CitizenHelper.Bot.Turns;

/// <summary>Keeps the phone number a citizen chose to leave so staff can call back about an escalated question.</summary>
public interface ICallbackSink
{
    /// <summary>Stores the number with the conversation's escalation (<paramref name="reference"/>, or its latest); returns the reference, or null when there is none.</summary>
    Task<string?> LeaveCallbackAsync(string conversationId, string? reference, string phone, CancellationToken cancellationToken);
}

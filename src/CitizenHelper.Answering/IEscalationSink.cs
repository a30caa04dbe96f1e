namespace CitizenHelper.Answering;

/// <summary>A question that goes to staff.</summary>
public sealed record EscalationRequest(
    string ConversationId, EscalationReason Reason, string Question, string Language, string? ProcedureCode);

/// <summary>Records escalations where staff will see them; returns the reference code given to the citizen.</summary>
public interface IEscalationSink
{
    Task<string> RecordAsync(EscalationRequest request, CancellationToken cancellationToken);

    /// <summary>When the staff who will answer the escalation are back at work (Vietnam time); null when they are at work now.</summary>
    Task<DateTimeOffset?> StaffBackAtAsync(string reference, CancellationToken cancellationToken) => Task.FromResult<DateTimeOffset?>(null);
}

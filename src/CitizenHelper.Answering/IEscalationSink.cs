namespace CitizenHelper.Answering;

/// <summary>A question that goes to staff.</summary>
public sealed record EscalationRequest(
    string ConversationId, EscalationReason Reason, string Question, string Language, string? ProcedureCode);

/// <summary>Records escalations where staff will see them; returns the reference code given to the citizen.</summary>
public interface IEscalationSink
{
    Task<string> RecordAsync(EscalationRequest request, CancellationToken cancellationToken);
}

using System.Globalization;
using CitizenHelper.Answering.Composition;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>
/// The last step: whatever reached it unanswered goes to staff. Records the question with its conversation and
/// tells the citizen honestly what happens next, with a reference code.
/// </summary>
public sealed class EscalateStep(IEscalationSink sink) : IAnswerStep
{
    public async ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reason = context.Escalation ?? EscalationReason.NoMatch;
        var procedure = context.DocumentKey ?? (context.Candidates.Count > 0 ? context.Candidates[0].Key : null);
        var reference = await sink.RecordAsync(
            new EscalationRequest(context.Question.ConversationId, reason, context.OriginalText, context.Language, procedure),
            cancellationToken).ConfigureAwait(false);

        var texts = AnswerTexts.For(context.Language);
        var message = reason switch
        {
            EscalationReason.AskedForPerson => texts.EscalatedPerson,
            EscalationReason.Guardrail => texts.Refused,
            _ => texts.EscalatedNoMatch,
        };
        if (reason != EscalationReason.Guardrail && await sink.StaffBackAtAsync(reference, cancellationToken).ConfigureAwait(false) is { } back)
        {
            // Outside the center's working hours: no promise of an answer now, but when staff are back.
            message = string.Format(CultureInfo.InvariantCulture, texts.EscalatedClosed,
                back.ToString("HH:mm", CultureInfo.InvariantCulture), back.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
        }
        context.Answer = new Answer
        {
            Outcome = AnswerOutcome.Escalated,
            Text = $"{message}\n\n{string.Format(CultureInfo.InvariantCulture, texts.ReferenceLine, reference)}",
            Language = context.Language,
            EscalationReason = reason,
            Refusal = context.Refusal,
            EscalationReference = reference,
        };
    }
}

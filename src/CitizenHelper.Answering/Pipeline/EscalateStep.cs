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

using CitizenHelper.Answering.Composition;
using CitizenHelper.Answering.Understanding;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>
/// Answers "where is my commune's center now?" — also by the name of a commune merged away in 2025 — from the national
/// lists and the staff's centers file; asks which one when a name is found in several places or its commune was divided.
/// Runs when no procedure was chosen, so "đăng ký khai sinh ở xã Tâm Thắng" still gets the procedure.
/// </summary>
public sealed class UnitStep : IAnswerStep
{
    public ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.DocumentKey is not null || context.Escalation == EscalationReason.AskedForPerson)
        {
            return ValueTask.CompletedTask;
        }
        var lookup = AdministrativeUnits.Asked(context.Question.Text, context.Knowledge.Base, context.Language);
        if (lookup is null)
        {
            return ValueTask.CompletedTask;
        }
        context.Escalation = null;
        context.Answer = lookup is UnitChoice choice
            ? UnitCards.Choice(choice, context.Language)
            : UnitCards.Found((UnitFound)lookup, CenterQuestion.Asked(context.Question.Text), context.Language);
        return ValueTask.CompletedTask;
    }
}

using CitizenHelper.Answering.Understanding;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>
/// A message that names a procedure by its code or a pasted portal link ("1.001193", "mã 1.001193 cần giấy tờ gì",
/// dichvucong.gov.vn…?ma_thu_tuc=1.001193) is about that procedure, whatever else its words resemble: its document,
/// else its catalog card; the province's version as <see cref="ProvinceStep"/> chose it. A code the knowledge base
/// does not have goes to staff rather than to the nearest procedure. Runs after ProvinceStep, before DecideStep.
/// </summary>
public sealed class CodeStep : IAnswerStep
{
    public ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Escalation is not null || context.DocumentKey is not null || context.Answer is not null)
        {
            return ValueTask.CompletedTask;
        }
        // Links and codes are read from the message as sent: taking personal numbers out may cut a pasted address.
        var knowledge = context.Knowledge.Base;
        var codes = ProcedureCodes.Find(context.OriginalText, knowledge);
        if (codes.Count == 0)
        {
            if (ProcedureCodes.NamesOnlyUnknown(context.OriginalText, knowledge))
            {
                context.Escalation = EscalationReason.NoMatch;
            }
            return ValueTask.CompletedTask;
        }
        var code = codes[0];
        var group = knowledge.SameTitle(code);
        context.DocumentKey = context.Candidates.FirstOrDefault(c => group.Contains(c.Key))?.Key ?? code;
        return ValueTask.CompletedTask;
    }
}

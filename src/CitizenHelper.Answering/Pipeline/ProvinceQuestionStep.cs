using System.Globalization;
using CitizenHelper.Answering.Composition;
using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>
/// When the decided document is one province's version of a procedure several provinces publish, and the citizen's
/// province is not known and we hold no national version: asks which province, with a button for each province
/// that has it (the reply is read by <see cref="ProvinceStep"/>). Runs after <see cref="DecideStep"/>, so only a
/// question the bot would answer is asked about; an out-of-scope one is still handed over.
/// </summary>
public sealed class ProvinceQuestionStep : IAnswerStep
{
    private const int MaxButtons = 12;

    public ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Answer is not null || context.Escalation is not null || context.DocumentKey is not { } key)
        {
            return ValueTask.CompletedTask;
        }
        var knowledge = context.Knowledge.Base;
        var group = knowledge.SameTitle(key);
        if (group.Count < 2 || knowledge.ProvinceOf(key) is null
            || key == context.State.DocumentKey // the conversation is on this version already
            || VietnameseText.ProcedureCodes(context.Question.Text).Contains(key) // named by its code
            || ProvinceStep.Choose(knowledge, group, context.State.Province, context.State.DocumentKey) is not null)
        {
            return ValueTask.CompletedTask;
        }
        var texts = AnswerTexts.For(context.Language);
        var provinces = group.Where(k => knowledge.ProvinceOf(k) is not null)
            .Select(k => ProvinceNames.Plain(knowledge.ProvinceOf(k)!))
            .DistinctBy(VietnameseText.Fold)
            .Order(StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true))
            .ToList();
        var title = knowledge.FindDocument(key, context.Language)?.Title ?? key;
        context.State = context.State with { PendingChoices = [.. group] };
        context.Answer = new Answer
        {
            Outcome = AnswerOutcome.Clarify,
            Text = string.Format(CultureInfo.InvariantCulture, texts.WhichProvince, title),
            Language = context.Language,
            Facets = context.Facets,
            Suggestions = [.. provinces.Take(MaxButtons).Select(p => new SuggestedReply(p, p))],
        };
        return ValueTask.CompletedTask;
    }
}

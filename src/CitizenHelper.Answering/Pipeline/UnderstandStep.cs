using CitizenHelper.Answering.Text;
using CitizenHelper.Answering.Understanding;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>Reads the message: its language, the facts it asks for, and whether it is small talk or a request for a person.</summary>
public sealed class UnderstandStep : IAnswerStep
{
    public ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = GuardStep.Clean(context.Question.Text);
        var fallback = context.State.Language ?? Languages.FromLocale(context.Question.Locale) ?? Languages.Vietnamese;
        context.Language = Languages.Detect(text, fallback);
        context.Facets = Facets.Detect(context.Knowledge.Index.Words(text));
        context.RequestedLanguage = Languages.Other(context.State.PreferredLanguage ?? context.Question.Locale);
        context.SmallTalk = SmallTalk.Detect(text);
        if (context.SmallTalk == SmallTalkKind.AskForPerson)
        {
            context.Escalation = EscalationReason.AskedForPerson;
        }
        return ValueTask.CompletedTask;
    }
}

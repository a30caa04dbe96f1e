using System.Globalization;
using System.Text;
using CitizenHelper.Answering.Composition;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>
/// Input the pipeline should not search with: nothing to read (empty, only emoji or symbols), too long to be one
/// question, or a request a guardrail refuses (injected instructions, another person's data, wrongdoing), or a question no
/// procedure answers (<see cref="NeverAnswered"/>). Runs after
/// <see cref="UnderstandStep"/>.
/// </summary>
public sealed class GuardStep : IAnswerStep
{
    /// <summary>Longer messages are not one question; the channel already bounds the activity size.</summary>
    public const int MaxQuestionLength = 1000;

    public ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = context.Question.Text;
        var texts = AnswerTexts.For(context.Language);
        if (VietnameseText.Fold(text).Length == 0)
        {
            context.Answer = Reply(context, texts.EmptyQuestion, [.. texts.ExampleQuestions.Select(q => new SuggestedReply(q, q))]);
        }
        else if (text.Length > MaxQuestionLength)
        {
            context.Answer = Reply(context, texts.TooLong, []);
        }
        else if (Guardrails.Detect(text) is GuardrailKind.Wrongdoing)
        {
            // Declined by DeclineStep once the search has found the lawful procedure to offer; not passed to staff.
            context.Refusal = Refusal.Wrongdoing;
        }
        else if (Guardrails.Detect(text) is var guardrail and (GuardrailKind.Injection or GuardrailKind.OtherPeoplesData))
        {
            context.Escalation = EscalationReason.Guardrail;
            context.Refusal = guardrail == GuardrailKind.Injection ? Refusal.Injection : Refusal.OthersData;
        }
        else if (NeverAnswered.Asked(text))
        {
            // Land prices, luck, the weather: said plainly before the search, so procedure words around them cannot win.
            context.Answer = Reply(context, texts.OutOfScope, [.. texts.ExampleQuestions.Select(q => new SuggestedReply(q, q))]) with
            {
                Refusal = Refusal.OffTopic,
            };
        }
        return ValueTask.CompletedTask;
    }

    private static Answer Reply(AnswerContext context, string text, IReadOnlyList<SuggestedReply> suggestions) => new()
    {
        Outcome = AnswerOutcome.SmallTalk,
        Text = text,
        Language = context.Language,
        Suggestions = suggestions,
    };

    /// <summary>Control characters other than line breaks and tabs are dropped: they carry nothing a citizen meant.</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var clean = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (!char.IsControl(c) || c is '\n' or '\t')
            {
                clean.Append(c);
            }
        }
        return clean.ToString().Trim();
    }
}

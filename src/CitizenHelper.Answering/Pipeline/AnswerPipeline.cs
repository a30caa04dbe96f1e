using CitizenHelper.Answering.Composition;
using CitizenHelper.Answering.Text;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>Answers one question: runs the steps in order until one of them leaves an answer.</summary>
public sealed class AnswerPipeline(KnowledgeProvider knowledge, IEnumerable<IAnswerStep> steps, AnsweringMetrics metrics)
{
    private readonly IAnswerStep[] _steps = [.. steps];

    public async Task<(Answer Answer, ConversationState State)> AnswerAsync(
        Question question, ConversationState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        // Control characters are dropped once, here: every step sees the same clean text.
        // Identifiers are taken out too: "CCCD của tôi là 0012…" says who is asking, not what about; and so is a
        // greeting in front of a question ("xin chào, tôi muốn…"), which must not make the question small talk.
        var cleaned = GuardStep.Clean(question.Text);
        // Words typed with the input method off ("dangw kys", "d9a8ng ky1") are repaired once, here, for every step.
        var current = knowledge.Current;
        var text = ReadAs(cleaned, current.Index);
        var context = new AnswerContext(question with { Text = text }, state ?? ConversationState.New, current)
        {
            OriginalText = cleaned,
        };
        foreach (var step in _steps)
        {
            await step.InvokeAsync(context, cancellationToken).ConfigureAwait(false);
            if (context.Answer is not null)
            {
                break;
            }
        }
        var answer = context.Answer ?? throw new InvalidOperationException("The answering pipeline ended without an answer; its last step must always answer.");
        if (answer.Refusal is { } refusal)
        {
            metrics.Refused(refusal, answer.Language);
        }
        if (PersonalData.Redact(question.Text) != question.Text)
        {
            // Never echoed back; the citizen is told the numbers were not needed and were hidden from staff.
            answer = answer with { Text = $"{answer.Text}\n\n_{AnswerTexts.For(answer.Language).PrivacyNote}_" };
        }
        var newState = context.State with
        {
            Language = answer.Language,
            DocumentKey = answer.DocumentKey ?? context.State.DocumentKey,
            LastFacets = answer.Facets.Count > 0 ? answer.Facets : context.State.LastFacets,
            Commune = AdministrativeUnits.Find(text, current.Base)?.Unit.Key ?? context.State.Commune,
        };
        return (answer, newState);
    }

    /// <summary>
    /// What the pipeline would answer to <paramref name="text"/> at the start of a conversation, recording nothing: every
    /// step but the escalation runs. Null when the question would go to staff. For staff checking an approved entry.
    /// </summary>
    public async Task<Answer?> TryAnswerAsync(string text, CancellationToken cancellationToken)
    {
        var cleaned = GuardStep.Clean(text ?? "");
        var current = knowledge.Current;
        var context = new AnswerContext(new Question(ReadAs(cleaned, current.Index), null, "staff-check"), ConversationState.New, current)
        {
            OriginalText = cleaned,
        };
        foreach (var step in _steps.Where(s => s is not EscalateStep))
        {
            await step.InvokeAsync(context, cancellationToken).ConfigureAwait(false);
            if (context.Answer is not null || context.Escalation is not null && step is CheckStep)
            {
                break;
            }
        }
        return context.Escalation is null ? context.Answer : null;
    }

    /// <summary>
    /// The cleaned message as every step reads it: identifiers taken out, input-method slips repaired, a greeting in
    /// front of a question dropped.
    /// </summary>
    public static string ReadAs(string cleaned, Retrieval.KnowledgeIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        return Understanding.SmallTalk.WithoutGreeting(TypedInput.Repair(PersonalData.Strip(cleaned), index.Knows));
    }

    /// <summary>
    /// The answer as composed from the document itself, untranslated: what the "show original" button of a
    /// machine-translated answer shows. Null when the document is gone or the answer fails the check.
    /// </summary>
    public async Task<Answer?> OriginalAsync(string documentKey, IReadOnlyList<string> facets, string language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(facets);
        var context = new AnswerContext(new Question("", null, ""), ConversationState.New, knowledge.Current)
        {
            Language = language,
            Facets = facets,
            DocumentKey = documentKey,
        };
        foreach (var step in _steps.Where(s => s is ComposeStep or CheckStep))
        {
            await step.InvokeAsync(context, cancellationToken).ConfigureAwait(false);
        }
        return context.Answer;
    }
}

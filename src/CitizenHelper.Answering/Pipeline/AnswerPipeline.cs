namespace CitizenHelper.Answering.Pipeline;

/// <summary>Answers one question: runs the steps in order until one of them leaves an answer.</summary>
public sealed class AnswerPipeline(KnowledgeProvider knowledge, IEnumerable<IAnswerStep> steps)
{
    private readonly IAnswerStep[] _steps = [.. steps];

    public async Task<(Answer Answer, ConversationState State)> AnswerAsync(
        Question question, ConversationState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        var context = new AnswerContext(question, state ?? ConversationState.New, knowledge.Current);
        foreach (var step in _steps)
        {
            await step.InvokeAsync(context, cancellationToken).ConfigureAwait(false);
            if (context.Answer is not null)
            {
                break;
            }
        }
        var answer = context.Answer ?? throw new InvalidOperationException("The answering pipeline ended without an answer; its last step must always answer.");
        var newState = context.State with
        {
            Language = answer.Language,
            DocumentKey = answer.DocumentKey ?? context.State.DocumentKey,
            LastFacets = answer.Facets.Count > 0 ? answer.Facets : context.State.LastFacets,
        };
        return (answer, newState);
    }
}

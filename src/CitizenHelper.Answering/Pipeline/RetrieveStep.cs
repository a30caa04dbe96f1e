using CitizenHelper.Answering.Retrieval;
using Microsoft.SemanticKernel.Data;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>Finds the procedures the message may be about, through the knowledge base's SK text search.</summary>
public sealed class RetrieveStep(ITextSearch<DocumentHit> search) : IAnswerStep
{
    private const int Candidates = 5;

    public async ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Escalation is not null)
        {
            return;
        }
        var results = await search.GetSearchResultsAsync(context.Question.Text, new TextSearchOptions<DocumentHit> { Top = Candidates }, cancellationToken)
            .ConfigureAwait(false);
        var hits = new List<DocumentHit>();
        await foreach (var hit in results.Results.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            hits.Add(hit);
        }
        context.Candidates = hits;
    }
}

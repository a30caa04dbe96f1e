using CitizenHelper.Answering.Retrieval;
using Microsoft.SemanticKernel.Data;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>Finds the procedures the message may be about, through the knowledge base's SK text search.</summary>
public sealed class RetrieveStep(ITextSearch<DocumentHit> search) : IAnswerStep
{
    // More than DecideStep weighs: ProvinceStep folds the provinces' versions of one procedure into one candidate,
    // and the citizen's province's version may rank below other provinces' versions.
    private const int Candidates = 12;

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

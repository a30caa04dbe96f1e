using CitizenHelper.Answering.Retrieval;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>
/// Lets a document nobody has written an example question for keep a question its names match, when the classifier
/// chose a document it learned instead. The classifier knows only documents with examples, so for a question about a
/// new document it names the nearest one it knows; the candidate ranker, which learned from every document's questions
/// how a right name match looks (and never which document it is), says when the retriever's first candidate is right.
/// Runs after <see cref="DecideStep"/>; leaves a follow-up, a clarifying question and a catalog card as they are.
/// </summary>
public sealed class RankStep : IAnswerStep
{
    // How likely the ranker must find the retriever's first candidate. Held out by procedure (eval --held-out 5 --fold 0):
    // every switch it allows from 0.5 to 0.8 was right; 0.8 keeps a margin for documents with examples.
    internal const double RankerSure = 0.8;

    public ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var knowledge = context.Knowledge.Base;
        if (context.Answer is not null || context.Escalation is not null || context.DocumentKey is not { } chosen || chosen == context.State.DocumentKey || context.State.PendingChoices.Count > 0
            || context.Candidates.Count == 0 || context.Candidates[0] is not { } first || first.Key == chosen
            || knowledge.HasExamplesFor(first.Key) || !knowledge.HasExamplesFor(chosen)
            || knowledge.FindDocument(first.Key, "vi") is not (Knowledge.Procedure or Knowledge.HelpTopic)
            || context.Knowledge.Ranker is not { } ranker)
        {
            return ValueTask.CompletedTask;
        }
        var candidates = context.Candidates.Select(c => new ScoredDocument(c.Key, c.Score, c.Coverage)).ToList();
        if (ranker.Value.Rank(context.Question.Text, candidates, knowledge, context.Knowledge.Index)[0] >= RankerSure)
        {
            context.DocumentKey = first.Key;
        }
        return ValueTask.CompletedTask;
    }
}

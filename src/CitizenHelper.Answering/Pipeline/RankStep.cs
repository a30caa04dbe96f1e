using CitizenHelper.Answering.Retrieval;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>
/// Lets a document nobody has written an example question for keep a question its names match, when the classifier
/// chose a document it learned instead. The classifier knows only documents with examples, so for a question about a
/// new document it names the nearest one it knows; the candidate ranker, which learned from every document's questions
/// how a right name match looks (and never which document it is), says when the retriever's first candidate is right.
/// Runs after <see cref="DecideStep"/>, which asks <see cref="Vouches"/> too before it asks back or hands over.
/// Leaves a follow-up, the reply to a clarifying question and a catalog card as they are.
/// </summary>
public sealed class RankStep : IAnswerStep
{
    // How likely the ranker must find the retriever's first candidate to overrule the classifier's choice. Held out by
    // procedure (eval --held-out 5 --fold 0): every switch it allowed from 0.5 to 0.8 was right; 0.8 keeps a margin.
    internal const double OverClassifier = 0.8;

    // How likely, to answer where the match alone was too weak (a clarifying question or staff otherwise): out-of-scope
    // questions share words with documents too, and on fold 0 none of them was found this likely (four at 0.8).
    internal const double OverDoubt = 0.9;

    // The classifier learned out-of-scope questions too: when it is sure no document answers ("ly hôn thuận tình nộp
    // đơn ở đâu" beside a marriage procedure nobody wrote examples for), the ranker, which reads only the match, does
    // not overrule it. Held out by procedure: at 0.9, fold 1 declined 2 out-of-scope questions fewer than without the
    // ranker; at 0.7, 1 fewer, and folds 0-2 answered 17 questions more than at 0.5 (eval/README.md).
    internal const double NoneSure = 0.7;

    public ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Answer is null && context.Escalation is null && context.DocumentKey is { } chosen && chosen != context.State.DocumentKey
            && context.Knowledge.Base.HasExamplesFor(chosen) && Vouches(context, OverClassifier) is { } first && first != chosen)
        {
            context.DocumentKey = first;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The retriever's first candidate when it is a document with no example question (which the classifier cannot
    /// confirm) and the ranker finds it right with at least <paramref name="sure"/>; else null. Never while a
    /// clarifying question waits for its reply, nor when the classifier is sure no document answers.
    /// </summary>
    public static string? Vouches(AnswerContext context, double sure)
    {
        ArgumentNullException.ThrowIfNull(context);
        var knowledge = context.Knowledge.Base;
        if (context.State.PendingChoices.Count > 0 || context.Candidates.Count == 0 || context.Candidates[0] is not { } first
            || knowledge.HasExamplesFor(first.Key) || knowledge.FindDocument(first.Key, "vi") is not (Knowledge.Procedure or Knowledge.HelpTopic)
            || context.Knowledge.Ranker is not { } ranker
            || context.Classification.Any(l => l.Label == Understanding.QuestionClassifier.None && l.Probability >= NoneSure))
        {
            return null;
        }
        // Asked up to four times per question (three in DecideStep, once here) about the same candidates: ranked once.
        context.FirstCandidateLikelihood ??= ranker.Value.Rank(context.Question.Text,
            [.. context.Candidates.Select(c => new ScoredDocument(c.Key, c.Score, c.Coverage))], knowledge, context.Knowledge.Index)[0];
        return context.FirstCandidateLikelihood >= sure ? first.Key : null;
    }
}

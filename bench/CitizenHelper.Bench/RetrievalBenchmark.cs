using System.Diagnostics;
using System.Globalization;
using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Eval;
using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Bench;

/// <summary>
/// Our retriever against Lucene.Net (BM25, ASCII folding so đ → d, the same fields and the same questions):
/// top-1 and top-3 accuracy on the answerable evaluation questions, and queries per second on one thread.
/// </summary>
internal static class RetrievalBenchmark
{
    private const int Rounds = 20;

    public static int Run(string[] args)
    {
        var knowledgeRoot = args.Length > 0 ? args[0] : "knowledge";
        var questionsPath = args.Length > 1 ? args[1] : Path.Combine("eval", "questions.tsv");
        var knowledge = KnowledgeLoader.Load(knowledgeRoot, TimeProvider.System);
        var questions = Evaluator.Read(questionsPath).Where(q => q.Expected != EvalReport.None && q.Previous is null).ToList();

        var ours = KnowledgeIndex.Build(knowledge);
        using var lucene = new Bm25Index(knowledge.Documents);
        var trainingStarted = Stopwatch.GetTimestamp();
        var classifier = QuestionClassifier.For(knowledge, ours) ?? throw new InvalidOperationException("the knowledge base has no example questions");
        var training = Stopwatch.GetElapsedTime(trainingStarted);

        Console.WriteLine($"retrieval: {knowledge.Documents.Select(d => d.Key).Distinct().Count()} documents, {questions.Count} answerable questions (follow-ups left out), {Rounds} rounds, 1 thread");
        Func<string, IReadOnlyList<string>> oursSearch = q => [.. ours.Search(q, 3).Select(s => s.Key)];
        Func<string, IReadOnlyList<string>> luceneSearch = q => [.. lucene.Search(q, 3).Select(h => h.Key)];
        // The question classifier the pipeline asks beside the retriever (its own top-1 here, without the retriever's).
        Func<string, IReadOnlyList<string>> classify = q => [.. classifier.Classify(q).Take(3).Select(l => l.Label)];
        // Rounds alternate between them, so a busy machine slows all alike and the ratios stay fair.
        var elapsed = new double[3];
        var searches = new[] { oursSearch, luceneSearch, classify };
        foreach (var search in searches)
        {
            questions.ForEach(q => search(q.Question)); // warm-up
        }
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < searches.Length; i++)
            {
                var started = Stopwatch.GetTimestamp();
                questions.ForEach(q => searches[i](q.Question));
                elapsed[i] += Stopwatch.GetElapsedTime(started).TotalSeconds;
            }
        }
        Report("ours  ", questions, oursSearch, Rounds * questions.Count / elapsed[0]);
        Report("lucene", questions, luceneSearch, Rounds * questions.Count / elapsed[1]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ours is {elapsed[1] / elapsed[0]:F1}x as fast"));
        Report("classifier", questions, classify, Rounds * questions.Count / elapsed[2]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  classifier trained on {QuestionClassifier.TrainingSet(knowledge).Count} examples in {training.TotalMilliseconds:F0} ms"));
        return 0;
    }

    private static void Report(string name, List<EvalQuestion> questions, Func<string, IReadOnlyList<string>> search, double perSecond)
    {
        var top1 = questions.Count(q => search(q.Question) is [var first, ..] && first == q.Expected);
        var top3 = questions.Count(q => search(q.Question).Contains(q.Expected));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}  top-1 {(double)top1 / questions.Count:P1}  top-3 {(double)top3 / questions.Count:P1}  {perSecond,9:N0} queries/s  ({1000.0 / perSecond:F3} ms each)"));
    }
}

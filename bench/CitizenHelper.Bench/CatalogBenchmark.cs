using System.Diagnostics;
using System.Globalization;
using CitizenHelper.Answering;
using CitizenHelper.Answering.Pipeline;
using CitizenHelper.Eval;
using CitizenHelper.Knowledge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitizenHelper.Bench;

/// <summary>
/// What the bundled national catalog (5,670 procedures, 502 full records) costs: a cold start in this fresh process
/// (load, index, classifier: the first question's wait), the managed heap and working set after it, and the
/// answering latency over eval/questions.tsv and eval/catalog.tsv. Run once with and once with <c>--no-catalog</c>,
/// each in its own process, to compare: <c>dotnet run -c Release --project bench/CitizenHelper.Bench -- catalog [--no-catalog]</c>.
/// </summary>
internal static class CatalogBenchmark
{
    private const int Rounds = 5;

    public static int Run(string[] args)
    {
        var root = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "knowledge";
        var catalog = args.Contains("--no-catalog") ? null : Path.Combine(root, KnowledgeLoader.BundledCatalog);
        using var provider = Eval.PipelineServices.Create(root, catalog).BuildServiceProvider();
        var pipeline = provider.GetRequiredService<AnswerPipeline>();

        var watch = Stopwatch.StartNew();
        var snapshot = provider.GetRequiredService<KnowledgeProvider>().Current;
        var loaded = watch.Elapsed.TotalMilliseconds;
        var first = pipeline.AnswerAsync(new Question("làm hộ chiếu ở đâu", null, "bench"), ConversationState.New, CancellationToken.None).GetAwaiter().GetResult();
        var cold = watch.Elapsed.TotalMilliseconds;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heap = GC.GetTotalMemory(forceFullCollection: true) / 1024.0 / 1024.0;
        var workingSet = Process.GetCurrentProcess().WorkingSet64 / 1024.0 / 1024.0;

        // The parts of a reload once warm (a knowledge edit reloads in the running service): load, index, classifier.
        watch.Restart();
        var knowledge = KnowledgeLoader.Load(root, TimeProvider.System, catalog);
        var load = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var index = Answering.Retrieval.KnowledgeIndex.Build(knowledge);
        var indexing = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        Answering.Understanding.QuestionClassifier.Train(Answering.Understanding.QuestionClassifier.TrainingSet(knowledge), index);
        var training = watch.Elapsed.TotalMilliseconds;

        var questions = Evaluator.Read(Path.Combine("eval", "questions.tsv")).Concat(Evaluator.Read(Path.Combine("eval", "catalog.tsv")))
            .Where(q => q.Previous is null).Select(q => q.Question).ToList();
        var timings = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var question in questions)
            {
                var start = Stopwatch.GetTimestamp();
                pipeline.AnswerAsync(new Question(question, null, "bench"), ConversationState.New, CancellationToken.None).GetAwaiter().GetResult();
                timings.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }
        timings.Sort();
        string Ms(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"catalog: {(catalog is null ? "without the catalog" : $"with the catalog ({snapshot.Base.Catalog.Count} entries, {snapshot.Base.Catalog.Count(c => c.Record is not null)} with a full record)")}, {snapshot.Base.Documents.Count} documents, {Environment.ProcessorCount} cores"));
        Console.WriteLine($"  cold start: knowledge loaded, indexed and classifier trained in {loaded:F0} ms; first answer ({first.Answer.Outcome}) after {cold:F0} ms");
        Console.WriteLine($"  reload when warm: load {load:F0} ms, index {indexing:F0} ms, classifier {training:F0} ms");
        Console.WriteLine($"  memory after start: managed heap {heap:F0} MB, working set {workingSet:F0} MB");
        Console.WriteLine($"  answering: {questions.Count} questions x {Rounds} rounds, p50 {Ms(timings[timings.Count / 2])} ms, p95 {Ms(timings[(int)(timings.Count * 0.95)])} ms, max {Ms(timings[^1])} ms");
        return 0;
    }
}

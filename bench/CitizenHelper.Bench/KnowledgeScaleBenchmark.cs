using System.Diagnostics;
using CitizenHelper.Eval;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Bench;

/// <summary>
/// The bundled knowledge base at its real size: every commune-level procedure (hand-written and generated from the
/// portal records, both languages), the example questions and the national catalog. Times the first load (read,
/// parse, index, train the classifier) and the memory it holds, then the answer latency of the whole pipeline over
/// the repository's questions and every procedure asked by its title. Targets: load ≤ 15 s, ≤ 300 MB managed, p99 ≤ 50 ms.
/// </summary>
internal static class KnowledgeScaleBenchmark
{
    public static int Run(string[] args)
    {
        var root = args.Length > 0 ? args[0] : "knowledge";
        var catalog = Path.Combine(root, "portal", "catalog.jsonl.gz");
        // The parts of a load, each timed alone (cold: no classifier cached in this process yet).
        var watch = Stopwatch.StartNew();
        var parts = KnowledgeLoader.Load(root, TimeProvider.System, File.Exists(catalog) ? catalog : null);
        var read = watch.Elapsed;
        watch.Restart();
        var partIndex = CitizenHelper.Answering.Retrieval.KnowledgeIndex.Build(parts);
        var indexed = watch.Elapsed;
        watch.Restart();
        var training = CitizenHelper.Answering.Understanding.QuestionClassifier.TrainingSet(parts);
        var model = CitizenHelper.Answering.Understanding.QuestionClassifier.Train(training, partIndex);
        var trained = watch.Elapsed;
        Console.WriteLine($"  read+parse {read.TotalSeconds:F1} s, index {indexed.TotalSeconds:F1} s, classifier {trained.TotalSeconds:F1} s on {training.Count} names and examples ({model.Size.Features} features x {model.Size.Labels} labels)");

        var before = GC.GetTotalMemory(forceFullCollection: true);
        watch.Restart();
        using var evaluator = new Evaluator(root, catalog: File.Exists(catalog));
        var index = evaluator.Index;
        _ = evaluator.Classifier;
        var load = watch.Elapsed;
        var held = GC.GetTotalMemory(forceFullCollection: true) - before;
        using var process = Process.GetCurrentProcess();

        var knowledge = KnowledgeLoader.Load(root, TimeProvider.System);
        var questions = Evaluator.Read(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(root))!, "eval", "questions.tsv"))
            .Concat(knowledge.Procedures.Select((p, i) => new EvalQuestion($"title{i}", p.Title, p.Code, p.Language, null)))
            .ToList();
        evaluator.RunAsync(questions.Take(50).ToList()).GetAwaiter().GetResult(); // warm-up
        var timings = new List<double>();
        foreach (var question in questions)
        {
            watch.Restart();
            evaluator.RunAsync([question]).GetAwaiter().GetResult();
            timings.Add(watch.Elapsed.TotalMilliseconds);
        }
        timings.Sort();
        double At(double share) => timings[Math.Min(timings.Count - 1, (int)(share * timings.Count))];
        Console.WriteLine($"kb-full: {knowledge.Codes.Count()} procedures ({knowledge.Procedures.Count} files), {knowledge.Examples.Count} example questions, catalog {(File.Exists(catalog) ? "on" : "off")}, {index.Count} index entries, {Environment.ProcessorCount} cores");
        Console.WriteLine($"  first load (read, parse, index, train)  {load.TotalSeconds:F1} s");
        Console.WriteLine($"  managed memory held                     {held / 1024 / 1024} MB (process working set {process.WorkingSet64 / 1024 / 1024} MB)");
        Console.WriteLine($"  answer latency over {timings.Count} questions  p50 {At(0.5):F1} ms  p95 {At(0.95):F1} ms  p99 {At(0.99):F1} ms  max {timings[^1]:F1} ms");
        return load.TotalSeconds <= 15 && held <= 300L * 1024 * 1024 && At(0.99) <= 50 ? 0 : 1;
    }
}

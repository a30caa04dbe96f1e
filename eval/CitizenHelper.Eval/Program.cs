using CitizenHelper.Eval;

// dotnet run -c Release --project eval/CitizenHelper.Eval -- [questions.tsv] [knowledge-folder] [--misses]
var files = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
var questionsPath = files.Count > 0 ? files[0] : Path.Combine("eval", "questions.tsv");
var knowledgeRoot = files.Count > 1 ? files[1] : "knowledge";
using var evaluator = new Evaluator(knowledgeRoot);
var started = System.Diagnostics.Stopwatch.StartNew();
var report = await evaluator.RunAsync(Evaluator.Read(questionsPath));
Console.Write(report.Format());
Console.WriteLine($"  ({started.Elapsed.TotalMilliseconds / report.Results.Count:F2} ms per question, embedded default, no LLM)");
if (args.Contains("--dump"))
{
    // Top candidate's score and coverage per question, for choosing thresholds.
    var index = evaluator.Index;
    foreach (var q in Evaluator.Read(questionsPath))
    {
        var hits = index.Search(q.Question, 1);
        var top = hits.Count > 0 ? hits[0] : null;
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{q.Id}\t{q.Kind}\t{q.Expected}\t{top?.Key}\t{top?.Score:F3}\t{top?.Coverage:F3}"));
    }
}
if (args.Contains("--misses"))
{
    foreach (var miss in report.Misses())
    {
        Console.WriteLine(miss);
    }
}
return 0;

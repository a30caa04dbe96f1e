using CitizenHelper.Eval;

// dotnet run -c Release --project eval/CitizenHelper.Eval -- [questions.tsv] [knowledge-folder] [--misses]
// Without a questions file: eval/questions.tsv and the development set eval/questions-dev.tsv, one report each.
// --explain "question" prints that question's terms and candidates after the figures.
var explain = args.SkipWhile(a => a != "--explain").Skip(1).FirstOrDefault();
var files = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && a != explain).ToList();
var questionsPaths = files.Count > 0 ? [files[0]] : new[] { Path.Combine("eval", "questions.tsv"), Path.Combine("eval", "questions-dev.tsv") };
var knowledgeRoot = files.Count > 1 ? files[1] : "knowledge";
using var evaluator = new Evaluator(knowledgeRoot);
foreach (var path in questionsPaths)
{
    var started = System.Diagnostics.Stopwatch.StartNew();
    var report = await evaluator.RunAsync(Evaluator.Read(path));
    Console.WriteLine($"{path}:");
    Console.Write(report.Format());
    Console.WriteLine($"  ({started.Elapsed.TotalMilliseconds / report.Results.Count:F2} ms per question, embedded default, no LLM)");
    if (args.Contains("--misses"))
    {
        foreach (var miss in report.Misses())
        {
            Console.WriteLine(miss);
        }
    }
}
var questionsPath = questionsPaths[^1];
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
if (args.Contains("--unknown"))
{
    foreach (var q in Evaluator.Read(questionsPath))
    {
        var unknown = evaluator.Index.Explain(q.Question).Where(t => !t.Known && !t.Term.Contains(' ', StringComparison.Ordinal)).Select(t => t.Term).ToList();
        if (unknown.Count > 0) Console.WriteLine($"{q.Id}\t{q.Expected}\t{string.Join(' ', unknown)}\t{q.Question}");
    }
}
if (explain is not null)
{
    // Why a question matched as it did: its terms (weight × rarity, known to the knowledge base or not) and the candidates.
    foreach (var (term, weight, known) in evaluator.Index.Explain(explain))
    {
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"  {term,-24} {weight,6:F2} {(known ? "" : "unknown")}"));
    }
    foreach (var hit in evaluator.Index.Search(explain, 5))
    {
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"  {hit.Key,-26} score {hit.Score:F3} coverage {hit.Coverage:F3}"));
    }
}
return 0;

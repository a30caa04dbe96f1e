using CitizenHelper.Answering.Understanding;
using CitizenHelper.Eval;

// dotnet run -c Release --project eval/CitizenHelper.Eval -- [questions.tsv] [knowledge-folder] [--misses]
// Without a questions file: eval/questions.tsv and the example questions knowledge/examples/questions.tsv (what the
// question classifier learns from: in-sample), one report each.
// --cross-validate 5 [knowledge-folder] answers each example question with a classifier trained on the other four fifths.
// --classify extra.tsv[,more.tsv] trains the question classifier on the knowledge base plus those files and prints
// its own top-1 (follow-ups left out), to see what more examples would do before adding them.
// --held-out 5 [knowledge-folder] [--misses] answers each example question with a pipeline that never saw an example of
// its procedure (folds by procedure), also typed with Telex and VNI leftovers, and reports each slice (eval/README.md).
// --rank-check 5 --fold K [--dump file] trains the candidate ranker without fold K's examples and compares its first candidate
// with the retriever's on that fold (seconds; the dump has each candidate's features and probability).
// --titles [knowledge-folder] [--misses] asks every commune-level portal record by its title (vi, without diacritics, en).
// --no-catalog leaves the bundled national catalog (knowledge/portal/catalog.jsonl.gz) out, as Knowledge:UseCatalog=false does.
// --explain "question" prints that question's terms and candidates after the figures.
if (args.SkipWhile(a => a != "--cross-validate").Skip(1).FirstOrDefault() is { } k)
{
    var started = System.Diagnostics.Stopwatch.StartNew();
    var report = await CrossValidation.RunAsync(args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal) ? args[2] : "knowledge", int.Parse(k, System.Globalization.CultureInfo.InvariantCulture));
    Print($"{k}-fold cross-validation over the example questions (each answered by a classifier that never saw it)", report, $"{started.Elapsed.TotalSeconds:F0} s");
    return 0;
}
if (args.SkipWhile(a => a != "--cross-fit-check").Skip(1).FirstOrDefault() is { } crossFolds)
{
    var fold = int.Parse(args.SkipWhile(a => a != "--fold").Skip(1).FirstOrDefault() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
    Console.WriteLine(await CrossFitCheck.RunAsync("knowledge", int.Parse(crossFolds, System.Globalization.CultureInfo.InvariantCulture), fold));
    return 0;
}
if (args.SkipWhile(a => a != "--rank-check").Skip(1).FirstOrDefault() is { } rankFolds)
{
    // `--rank-check 5 --fold K [--dump file]`: the candidate ranker alone on fold K, against the retriever's order.
    var fold = int.Parse(args.SkipWhile(a => a != "--fold").Skip(1).FirstOrDefault() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
    Console.WriteLine(await HeldOut.RankCheckAsync("knowledge", int.Parse(rankFolds, System.Globalization.CultureInfo.InvariantCulture), fold, args.SkipWhile(a => a != "--dump").Skip(1).FirstOrDefault()));
    return 0;
}
if (args.SkipWhile(a => a != "--held-out").Skip(1).FirstOrDefault() is { } heldOutFolds)
{
    var started = System.Diagnostics.Stopwatch.StartNew();
    // `--fold K` answers only fold K (a fifth of the time with five folds), to try a change quickly.
    var onlyFold = args.SkipWhile(a => a != "--fold").Skip(1).FirstOrDefault();
    var root = args.SkipWhile(a => a != "--held-out").Skip(2).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && a != onlyFold) ?? "knowledge";
    var results = await HeldOut.RunAsync(root, int.Parse(heldOutFolds, System.Globalization.CultureInfo.InvariantCulture), catalog: !args.Contains("--no-catalog"), typedToo: !args.Contains("--no-typed"),
        only: onlyFold is null ? null : int.Parse(onlyFold, System.Globalization.CultureInfo.InvariantCulture));
    Console.WriteLine($"held out by procedure, {heldOutFolds} folds: each question answered by a pipeline that never saw an example of its procedure ({started.Elapsed.TotalSeconds:F0} s)");
    Console.Write(HeldOut.Format(results));
    foreach (var miss in new EvalReport(results).Misses().Where(_ => args.Contains("--misses")))
    {
        Console.WriteLine(miss);
    }
    foreach (var invented in results.Where(r => !r.FactsFromDocument))
    {
        Console.WriteLine($"number not in {invented.Answer.DocumentKey}: {invented.Question.Id} \"{invented.Question.Question}\": {invented.Answer.Text.ReplaceLineEndings(" ")}");
    }
    return 0;
}
if (args.Contains("--titles"))
{
    // Every commune-level record asked by its title (Vietnamese, without diacritics, English).
    var root = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "knowledge";
    using var titles = new Evaluator(root);
    var results = await TitleCheck.RunAsync(titles, root);
    Console.WriteLine($"titles: {results.Count(r => r.Right)}/{results.Count} right ({100.0 * results.Count(r => r.Right) / results.Count:F1} %)");
    foreach (var kind in results.GroupBy(r => r.Kind))
    {
        Console.WriteLine($"  {kind.Key,-10} {kind.Count(r => r.Right)}/{kind.Count()}");
    }
    foreach (var miss in results.Where(r => !r.Right && args.Contains("--misses")))
    {
        Console.WriteLine($"{miss.Code} [{miss.Kind}] got {miss.Answer.Outcome} {miss.Answer.ProcedureCode}: {miss.Question[..Math.Min(120, miss.Question.Length)]}");
    }
    return 0;
}
var trainFile = args.SkipWhile(a => a != "--classify").Skip(1).FirstOrDefault();
var explain = args.SkipWhile(a => a != "--explain").Skip(1).FirstOrDefault();
var files = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && a != explain && a != trainFile).ToList();
var questionsPaths = files.Count > 0 ? [files[0]] : new[] { Path.Combine("eval", "questions.tsv"), Path.Combine("knowledge", "examples", "questions.tsv") };
var knowledgeRoot = files.Count > 1 ? files[1] : "knowledge";
using var evaluator = new Evaluator(knowledgeRoot, catalog: !args.Contains("--no-catalog"));
foreach (var path in questionsPaths)
{
    var started = System.Diagnostics.Stopwatch.StartNew();
    var report = await evaluator.RunAsync(Evaluator.Read(path));
    Print(path, report, $"{started.Elapsed.TotalMilliseconds / report.Results.Count:F2} ms per question, embedded default, no LLM");
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
    foreach (var (label, probability) in evaluator.Classifier?.Classify(explain).Take(3) ?? [])
    {
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"  classifier {label,-15} {probability:F3}"));
    }
}

if (trainFile is not null)
{
    // The classifier alone: trained on what the service trains on plus the extra files, on each question that is not a follow-up.
    var knowledge = CitizenHelper.Knowledge.KnowledgeLoader.Load(knowledgeRoot, TimeProvider.System);
    var extra = trainFile.Split(',').SelectMany(Evaluator.Read).Where(q => q.Previous is null).Select(q => new LabelledQuestion(q.Question, q.Expected));
    var model = QuestionClassifier.Train([.. QuestionClassifier.TrainingSet(knowledge), .. extra], evaluator.Index);
    foreach (var path in questionsPaths)
    {
        var questions = Evaluator.Read(path).Where(q => q.Previous is null).ToList();
        var ranked = questions.Select(q => (Question: q, Labels: model.Classify(q.Question))).ToList();
        var answerable = ranked.Where(r => r.Question.Expected != EvalReport.None).ToList();
        var outOfScope = ranked.Where(r => r.Question.Expected == EvalReport.None).ToList();
        double Share(IEnumerable<bool> hits, int of) => of == 0 ? 1 : (double)hits.Count(h => h) / of;
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{path}, classifier alone: top-1 {Share(answerable.Select(r => r.Labels[0].Label == r.Question.Expected), answerable.Count):P1}  top-3 {Share(answerable.Select(r => r.Labels.Take(3).Any(l => l.Label == r.Question.Expected)), answerable.Count):P1}  none for out-of-scope {Share(outOfScope.Select(r => r.Labels[0].Label == EvalReport.None), outOfScope.Count):P1}"));
        if (args.Contains("--misses"))
        {
            foreach (var (question, labels) in ranked.Where(r => r.Labels[0].Label != r.Question.Expected))
            {
                Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{question.Id} [{question.Kind}] \"{question.Question}\" expected {question.Expected}, classifier {labels[0].Label} {labels[0].Probability:F2}"));
            }
        }
    }
}
return 0;

void Print(string title, EvalReport report, string took)
{
    Console.WriteLine($"{title}:");
    Console.Write(report.Format());
    Console.WriteLine($"  ({took})");
    if (args.Contains("--misses"))
    {
        foreach (var miss in report.Misses())
        {
            Console.WriteLine(miss);
        }
    }
}

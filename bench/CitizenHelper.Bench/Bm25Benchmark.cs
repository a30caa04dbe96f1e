using System.Diagnostics;
using System.Globalization;
using System.Text;
using CitizenHelper.Answering;
using CitizenHelper.Answering.Pipeline;
using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Eval;
using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Import;
using CitizenHelper.Knowledge.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitizenHelper.Bench;

/// <summary>
/// Our answering pipeline (as the evaluation runs it, no LLM) against Lucene.Net BM25 (<see cref="Bm25Index"/>) on
/// the same knowledge base and the same questions, on two corpora: A, the documents alone (procedures and help
/// topics, both languages, loaded by our <see cref="KnowledgeLoader"/>); B, the same plus the national catalog.
/// Ours is right when it answers from the expected document and, for a <c>none</c> row, when it declines. BM25 cannot
/// decline, so it is judged by its first hit, and for abstention by the one score threshold that does best on
/// eval/questions.tsv itself (tuned on the test set: optimistic for BM25). Queries per second on one thread, after a
/// warm-up, over every question of the corpus; index build time of each.
/// </summary>
internal static class Bm25Benchmark
{
    private const int WarmUp = 300;

    public static int Run(string[] args)
    {
        var root = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "knowledge";
        var evalFolder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(root))!, "eval");
        Console.WriteLine($"bm25: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
        if (!args.Contains("--catalog-only"))
        {
            RunCorpus(root, evalFolder, catalog: false);
        }
        if (!args.Contains("--documents-only"))
        {
            RunCorpus(root, evalFolder, catalog: true);
        }
        return 0;
    }

    private static void RunCorpus(string root, string evalFolder, bool catalog)
    {
        using var provider = Eval.PipelineServices.Create(root, catalog ? Path.Combine(root, KnowledgeLoader.BundledCatalog) : null).BuildServiceProvider();
        var pipeline = provider.GetRequiredService<AnswerPipeline>();

        var watch = Stopwatch.StartNew();
        var snapshot = provider.GetRequiredService<KnowledgeProvider>().Current;
        var firstLoad = watch.Elapsed;
        var knowledge = snapshot.Base;
        // Build times once warm (the pipeline's own first load above has already run our code once).
        watch.Restart();
        _ = KnowledgeIndex.Build(knowledge);
        var oursBuild = watch.Elapsed;
        IEnumerable<KnowledgeDocument> corpus = [.. knowledge.Documents, .. knowledge.Catalog];
        new Bm25Index(corpus).Dispose(); // Lucene's first build, to JIT it
        watch.Restart();
        using var bm25 = new Bm25Index(corpus);
        var bm25Build = watch.Elapsed;

        var sets = QuestionSets(root, evalFolder, knowledge, catalog);
        var all = sets.SelectMany(s => s.Probes).ToList();
        var sample = all.Where((_, i) => i % Math.Max(1, all.Count / WarmUp) == 0).ToList();

        Answer AnswerOf(Probe probe) => pipeline.AnswerAsync(new Question(probe.Question, null, "bench"), ConversationState.New, CancellationToken.None).GetAwaiter().GetResult().Answer;
        Bm25Hit? HitOf(Probe probe) => bm25.Search(probe.Question, 1) is [var first, ..] ? first : null;
        sample.ForEach(p => AnswerOf(p));
        sample.ForEach(p => HitOf(p));
        watch.Restart();
        var answers = all.Select(AnswerOf).ToList();
        var oursSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var hits = all.Select(HitOf).ToList();
        var bm25Seconds = watch.Elapsed.TotalSeconds;

        var judged = all.Select((probe, i) => new Judged(probe, OursRight(probe, answers[i], knowledge, snapshot.Index), hits[i], Bm25Right(probe, hits[i], knowledge))).ToList();
        var threshold = BestThreshold([.. judged.Where(j => j.Probe.Set == QuestionsSet)]);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"corpus {(catalog ? "B, documents and the national catalog" : "A, documents only")}: {bm25.Count} keys ({knowledge.Documents.Count} document files, {knowledge.Catalog.Count} catalog entries without a document)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  build: ours index {oursBuild.TotalMilliseconds:F0} ms (pipeline's first load with parsing and classifier training {firstLoad.TotalSeconds:F1} s); lucene index {bm25Build.TotalMilliseconds:F0} ms"));
        Console.WriteLine("  set                 rows  answerable: ours right  bm25 top-1  bm25 >= t  |  none: ours declined  bm25 < t");
        foreach (var set in judged.GroupBy(j => j.Probe.Set))
        {
            Console.WriteLine(Line(set.Key, [.. set], threshold));
        }
        Console.WriteLine(Line("all", judged, threshold));
        // What ours did instead where it was wrong on an answerable row: another document, a clarifying question, or staff.
        foreach (var set in judged.Select((j, i) => (Judged: j, Answer: answers[i])).Where(r => r.Judged.Probe.Expected != EvalReport.None && !r.Judged.OursRight).GroupBy(r => r.Judged.Probe.Set))
        {
            Console.WriteLine($"  ours wrong on {set.Key}: {string.Join(", ", set.GroupBy(r => r.Answer.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Key.ToString().ToLowerInvariant()} {g.Count()}"))}");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  t = {threshold:F2}: the BM25 score below which it declines, the best single one on {QuestionsSet} itself (optimistic)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  queries/s, 1 thread, {all.Count} questions after {sample.Count} warm-up: ours {all.Count / oursSeconds:N0} ({1000 * oursSeconds / all.Count:F2} ms each), bm25 {all.Count / bm25Seconds:N0} ({1000 * bm25Seconds / all.Count:F3} ms each)"));
    }

    private const string QuestionsSet = "questions.tsv";

    /// <summary>One question, the key that answers it (<c>none</c> when the corpus has none), and whether a same-title procedure also counts.</summary>
    private sealed record Probe(string Set, string Question, string Expected, bool ByTitle);

    private sealed record Judged(Probe Probe, bool OursRight, Bm25Hit? Hit, bool Bm25Right);

    private static List<(string Name, List<Probe> Probes)> QuestionSets(string root, string evalFolder, KnowledgeBase knowledge, bool catalog)
    {
        // A row expecting a catalog entry has no answer in corpus A: declining is right there.
        string InCorpus(string expected) => expected != EvalReport.None && knowledge.FindDocument(expected, "vi") is not null ? expected : EvalReport.None;
        List<Probe> Rows(string file) => [.. Evaluator.Read(Path.Combine(evalFolder, file)).Where(q => q.Previous is null)
            .Select(q => new Probe(file, q.Question, InCorpus(q.Expected), ByTitle: false))];
        var sets = new List<(string, List<Probe>)> { (QuestionsSet, Rows(QuestionsSet)) };
        if (catalog)
        {
            sets.Add(("catalog.tsv", Rows("catalog.tsv")));
        }
        // Every commune-level portal record asked by its title, as eval --titles does (TitleCheck).
        var titles = new List<Probe>();
        foreach (var entry in PortalRecordSource.Read(PortalGeneration.RecordsPath(root)))
        {
            if (entry.Record is not { CommuneLevel: true } record || knowledge.Find(record.Code, "vi") is not { } vi)
            {
                continue;
            }
            titles.Add(new Probe("titles vi", vi.Title, record.Code, ByTitle: true));
            titles.Add(new Probe("titles vi-plain", VietnameseText.Fold(vi.Title), record.Code, ByTitle: true));
            if (knowledge.Find(record.Code, "en") is { Language: "en" } en)
            {
                titles.Add(new Probe("titles en", en.Title, record.Code, ByTitle: true));
            }
        }
        sets.AddRange(titles.GroupBy(t => t.Set).Select(g => (g.Key, g.ToList())));
        if (catalog)
        {
            // Every catalog entry without a document of ours, asked by its title typed without diacritics.
            sets.Add(("catalog titles", [.. knowledge.Catalog.Select(c => new Probe("catalog titles", VietnameseText.Fold(c.Title), c.Key, ByTitle: true))]));
        }
        return sets;
    }

    /// <summary>As the evaluation judges: answered from the expected document; declined for none; for a title, any procedure of that title, or the question which province with its province offered.</summary>
    private static bool OursRight(Probe probe, Answer answer, KnowledgeBase knowledge, KnowledgeIndex index)
    {
        if (probe.Expected == EvalReport.None)
        {
            return answer.Outcome is not (AnswerOutcome.Answered or AnswerOutcome.Clarify);
        }
        if (!probe.ByTitle)
        {
            return answer.Outcome == AnswerOutcome.Answered && answer.DocumentKey == probe.Expected;
        }
        var sameTitle = knowledge.SameTitle(probe.Expected);
        return answer.Outcome switch
        {
            AnswerOutcome.Answered => answer.DocumentKey is { } key && sameTitle.Contains(key),
            AnswerOutcome.Clarify => answer.Suggestions.Count > 0
                && ((knowledge.ProvinceOf(probe.Expected) is { } province && answer.Suggestions.Any(s => s.Title == ProvinceNames.Plain(province)))
                    || index.Search(probe.Question, 2).All(c => sameTitle.Contains(c.Key))),
            _ => false,
        };
    }

    private static bool Bm25Right(Probe probe, Bm25Hit? hit, KnowledgeBase knowledge) =>
        probe.Expected != EvalReport.None && hit is not null
        && (hit.Key == probe.Expected || (probe.ByTitle && knowledge.SameTitle(probe.Expected).Contains(hit.Key)));

    /// <summary>The score threshold that makes BM25 right most often: answerable rows answered right at or above it, none rows below it.</summary>
    private static float BestThreshold(List<Judged> rows)
    {
        var candidates = rows.Select(r => r.Hit?.Score ?? 0).Append(0).Distinct().Order();
        return candidates.MaxBy(t => rows.Count(r => r.Probe.Expected == EvalReport.None ? Declines(r, t) : r.Bm25Right && !Declines(r, t)));
    }

    private static bool Declines(Judged row, float threshold) => row.Hit is null || row.Hit.Score < threshold;

    private static string Line(string name, List<Judged> rows, float threshold)
    {
        var answerable = rows.Where(r => r.Probe.Expected != EvalReport.None).ToList();
        var none = rows.Where(r => r.Probe.Expected == EvalReport.None).ToList();
        static string Share(int count, int of) => of == 0 ? "      -" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * count / of,6:F1}%");
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"  {name,-18} {rows.Count,5}  {answerable.Count,10}: ");
        line.Append(CultureInfo.InvariantCulture, $"{Share(answerable.Count(r => r.OursRight), answerable.Count),10}  {Share(answerable.Count(r => r.Bm25Right), answerable.Count),10}  ");
        line.Append(CultureInfo.InvariantCulture, $"{Share(answerable.Count(r => r.Bm25Right && !Declines(r, threshold)), answerable.Count),9}  |  {none.Count,4}: ");
        line.Append(CultureInfo.InvariantCulture, $"{Share(none.Count(r => r.OursRight), none.Count),13}  {Share(none.Count(r => Declines(r, threshold)), none.Count),8}");
        return line.ToString();
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}

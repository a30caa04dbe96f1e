using System.Globalization;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Eval;

/// <summary>
/// K-fold cross-validation over the knowledge base's example questions: each fold's questions are answered by a
/// pipeline whose classifier never saw them (trained on the other folds), so the figures say how the bot does on
/// phrasing it has not learned, over a couple of thousand questions rather than a few hundred.
/// </summary>
public static class CrossValidation
{
    private const int Seed = 7;

    public static async Task<EvalReport> RunAsync(string knowledgeRoot, int folds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var examples = Directory.GetFiles(Path.Combine(knowledgeRoot, KnowledgeLoader.ExamplesFolder), "*.tsv")
            .Order(StringComparer.Ordinal)
            .SelectMany(Evaluator.Read)
            .Where(q => q.Previous is null) // a follow-up needs its conversation
            .ToList();
        new Random(Seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(examples));
        var results = new List<EvalResult>();
        for (var fold = 0; fold < folds; fold++)
        {
            var root = Directory.CreateTempSubdirectory("cv-").FullName;
            try
            {
                CopyWithoutExamples(knowledgeRoot, root);
                var training = examples.Where((_, i) => i % folds != fold);
                Directory.CreateDirectory(Path.Combine(root, KnowledgeLoader.ExamplesFolder));
                await File.WriteAllLinesAsync(Path.Combine(root, KnowledgeLoader.ExamplesFolder, "training.tsv"),
                    ["id\tquestion\texpected\tkind\tprevious", .. training.Select((q, i) => string.Create(CultureInfo.InvariantCulture, $"t{i}\t{q.Question}\t{q.Expected}\t{q.Kind}\t"))]).ConfigureAwait(false);
                using var evaluator = new Evaluator(root);
                var report = await evaluator.RunAsync([.. examples.Where((_, i) => i % folds == fold)]).ConfigureAwait(false);
                results.AddRange(report.Results);
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }
        return new EvalReport(results);
    }

    internal static void CopyWithoutExamples(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.StartsWith(KnowledgeLoader.ExamplesFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

using System.Globalization;
using System.Text;
using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Bench;

/// <summary>
/// Writes the search's results (keys, scores and coverage to the last bit) for every question of eval/*.tsv and
/// knowledge/examples/*.tsv and every document title, to compare two builds' retrieval exactly (a check, not a benchmark).
/// </summary>
internal static class SearchDump
{
    public static int Run(string[] args)
    {
        var output = args.Length > 0 ? args[0] : throw new ArgumentException("usage: search-dump FILE");
        var knowledge = KnowledgeLoader.Load("knowledge", TimeProvider.System, Path.Combine("knowledge", KnowledgeLoader.BundledCatalog));
        var index = KnowledgeIndex.Build(knowledge);
        var questions = Directory.GetFiles("eval", "*.tsv").Concat(Directory.GetFiles(Path.Combine("knowledge", "examples"), "*.tsv")).Order(StringComparer.Ordinal)
            .SelectMany(f => File.ReadLines(f).Skip(1).Select(l => l.Split('\t')).Where(c => c.Length > 1).Select(c => c[1]))
            .Concat(knowledge.Documents.Select(d => d.Title))
            .ToList();
        var text = new StringBuilder();
        for (var i = 0; i < questions.Count; i++)
        {
            // Every 50th question with no limit (the filtered search's path), the rest as the pipeline asks.
            var top = i % 50 == 0 ? index.Count : 12;
            text.Append(questions[i]).Append('\t').Append(top == 12 ? "12" : "all");
            foreach (var hit in index.Search(questions[i], top))
            {
                text.Append('\t').Append(hit.Key).Append(' ').Append(hit.Score.ToString("R", CultureInfo.InvariantCulture)).Append(' ').Append(hit.Coverage.ToString("R", CultureInfo.InvariantCulture));
            }
            text.Append('\n');
        }
        File.WriteAllText(output, text.ToString());
        Console.WriteLine($"search-dump: {questions.Count} questions written to {output}");
        return 0;
    }
}

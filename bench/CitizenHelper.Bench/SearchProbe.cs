using System.Globalization;
using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Bench;

/// <summary>Prints the top matches and scores for questions, to see why retrieval chose what it chose.</summary>
internal static class SearchProbe
{
    public static int Run(string[] args)
    {
        var root = args.Length > 1 ? args[1] : "knowledge";
        var knowledge = KnowledgeLoader.Load(root, TimeProvider.System, args.Length > 2 ? args[2] : null);
        var index = KnowledgeIndex.Build(knowledge);
        foreach (var question in args[0].Split('|'))
        {
            Console.WriteLine(question);
            Console.WriteLine("  terms: " + string.Join(", ", index.Explain(question).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Term}:{t.Weight:F2}{(t.Known ? "" : "?")}"))));
            foreach (var hit in index.Search(question, 5))
            {
                var title = knowledge.FindDocument(hit.Key, "vi")?.Title ?? "?";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {hit.Score,5:F2} {hit.Coverage,5:F2}  {hit.Key,-12} {title}"));
            }
        }
        return 0;
    }
}

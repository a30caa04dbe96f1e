using System.Diagnostics;
using CitizenHelper.Answering.Text;
using CitizenHelper.Eval;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Bench;

internal static class ProfileProbe
{
    public static int Run(string[] args)
    {
        var qs = Evaluator.Read("eval/questions.tsv").Select(q => q.Question).ToList();
        void T(string name, Action<string> a) { foreach (var q in qs) a(q); var w = Stopwatch.StartNew(); for (var r = 0; r < 20; r++) foreach (var q in qs) a(q); Console.WriteLine($"{name}: {w.Elapsed.TotalMilliseconds * 1000 / (20 * qs.Count):F1} us"); }
        T("fold", q => VietnameseText.Fold(q));
        T("words", q => QueryText.Words(q));
        T("withoutcues", q => Facets.WithoutCues(q));
        T("detect", q => Facets.Detect(q));
        var index = CitizenHelper.Answering.Retrieval.KnowledgeIndex.Build(CitizenHelper.Knowledge.KnowledgeLoader.Load("knowledge", TimeProvider.System));
        T("query", q => _ = index.Explain(q).Count());
        T("search", q => index.Search(q, 3));
        T("codes", q => _ = VietnameseText.ProcedureCodes(q).Count());
        return 0;
    }
}

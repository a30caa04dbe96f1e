using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Answering.Retrieval;

/// <summary>A procedure and how well it matched a query.</summary>
public sealed record ScoredProcedure(string Code, double Score);

/// <summary>
/// An in-memory index of the knowledge base over diacritic-folded syllables and syllable pairs. One entry per
/// procedure code, fed by every language version, so a question in either language finds the same procedure.
/// Names (title, aliases) weigh more than descriptions; rare terms weigh more than common ones (BM25 idf).
/// </summary>
public sealed class ProcedureIndex
{
    private const double NameWeight = 3;
    private const double DescriptionWeight = 1;
    private const double PairWeight = 1.5;
    private const double PhraseBonus = 4;
    private const double CodeMatchScore = 100;

    private readonly Dictionary<string, Dictionary<string, double>> _postings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _idf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _namePhrases = new(StringComparer.Ordinal);
    private readonly HashSet<string> _codes = new(StringComparer.Ordinal);

    private ProcedureIndex()
    {
    }

    public int Count => _codes.Count;

    public static ProcedureIndex Build(KnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        var index = new ProcedureIndex();
        foreach (var procedure in knowledge.Procedures)
        {
            index._codes.Add(procedure.Code);
            var phrases = index._namePhrases.TryGetValue(procedure.Code, out var list) ? list : index._namePhrases[procedure.Code] = [];
            foreach (var name in procedure.Aliases.Prepend(procedure.Title))
            {
                phrases.Add(VietnameseText.Fold(name));
                index.Add(procedure.Code, name, NameWeight);
            }
            index.Add(procedure.Code, procedure.Summary, DescriptionWeight);
            index.Add(procedure.Code, procedure.Field, DescriptionWeight);
        }

        var total = index._codes.Count;
        foreach (var (term, documents) in index._postings)
        {
            var n = documents.Count;
            index._idf[term] = Math.Log(1 + ((total - n + 0.5) / (n + 0.5)));
        }
        return index;
    }

    /// <summary>Procedures matching the text, best first.</summary>
    public IReadOnlyList<ScoredProcedure> Search(string text, int top)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var code in VietnameseText.ProcedureCodes(text).Where(_codes.Contains))
        {
            scores[code] = CodeMatchScore;
        }

        foreach (var (term, weight) in QueryTerms.From(text))
        {
            if (!_postings.TryGetValue(term, out var documents))
            {
                continue;
            }
            var idf = _idf[term];
            foreach (var (code, fieldWeight) in documents)
            {
                scores[code] = scores.GetValueOrDefault(code) + (weight * fieldWeight * idf);
            }
        }

        var folded = $" {VietnameseText.Fold(text)} ";
        foreach (var (code, phrases) in _namePhrases)
        {
            if (phrases.Any(p => p.Length > 0 && folded.Contains($" {p} ", StringComparison.Ordinal)))
            {
                scores[code] = scores.GetValueOrDefault(code) + PhraseBonus;
            }
        }

        return [.. scores
            .Select(s => new ScoredProcedure(s.Key, s.Value))
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Code, StringComparer.Ordinal)
            .Take(top)];
    }

    private void Add(string code, string text, double fieldWeight)
    {
        foreach (var (term, _) in QueryTerms.From(text))
        {
            if (!_postings.TryGetValue(term, out var documents))
            {
                _postings[term] = documents = new Dictionary<string, double>(StringComparer.Ordinal);
            }
            documents[code] = Math.Max(documents.GetValueOrDefault(code), fieldWeight);
        }
    }

    /// <summary>Terms of a text: content syllables, and adjacent syllable pairs (which carry most of the meaning in Vietnamese).</summary>
    internal static class QueryTerms
    {
        public static IEnumerable<(string Term, double Weight)> From(string text)
        {
            var syllables = VietnameseText.Syllables(text);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < syllables.Length; i++)
            {
                if (!StopWords.Contains(syllables[i]) && seen.Add(syllables[i]))
                {
                    yield return (syllables[i], 1);
                }
                if (i + 1 < syllables.Length)
                {
                    var pair = $"{syllables[i]} {syllables[i + 1]}";
                    if (seen.Add(pair))
                    {
                        yield return (pair, PairWeight);
                    }
                }
            }
        }

        // Function words in folded Vietnamese and in English: they say how a question is asked, not what about.
        private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
        {
            "cho", "can", "gi", "la", "o", "dau", "bao", "nhieu", "the", "nao", "toi", "minh", "co", "khong", "de", "va",
            "cua", "thi", "sao", "a", "oi", "nhe", "voi", "em", "anh", "chi", "ban", "duoc", "phai", "nhung", "cac", "mot",
            "nay", "do", "khi", "ve", "tai", "muon", "hoi", "xin", "vay", "ha", "lam", "con", "cai", "nhu", "ma", "thu",
            "an", "to", "of", "for", "is", "are", "does", "i", "my", "me", "we", "how", "what", "where", "when", "which",
            "in", "on", "at", "need", "with", "and", "or", "it", "be", "get", "please", "you", "your", "much", "many",
        };
    }
}

namespace CitizenHelper.Answering.Retrieval;

/// <summary>
/// How a question matches one document, field by field, each as a share of the question's weighed terms (0 to 1):
/// what the candidate ranker weighs beside the retriever's single score.
/// </summary>
/// <param name="Names">Share of the question its names (title and aliases together) account for.</param>
/// <param name="BestName">How much of its best-matching name the question says (1: the whole name).</param>
/// <param name="Summary">Share of the question its summary accounts for.</param>
/// <param name="Text">Share of the question the document has anywhere (names, summary, sections).</param>
/// <param name="Missing">The heaviest question term the document does not have, as a share of the question.</param>
public readonly record struct FieldMatch(double Names, double BestName, double Summary, double Text, double Missing);

public sealed partial class KnowledgeIndex
{
    /// <summary>How the text matches each of the documents, field by field (all zero for an unknown key or a text with no terms).</summary>
    public IReadOnlyList<FieldMatch> Matches(string text, IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(keys);
        var query = Query(text);
        var total = query.Sum(t => t.Weight);
        var matches = new FieldMatch[keys.Count];
        if (total <= 0)
        {
            return matches;
        }
        for (var i = 0; i < keys.Count; i++)
        {
            if (!_keyIds.TryGetValue(keys[i], out var k))
            {
                continue;
            }
            double named = 0, summary = 0, anywhere = 0, missing = 0, best = 0;
            // The question's weight each of this document's names shares, by name number (the postings of the search).
            var shared = new Dictionary<int, double>();
            foreach (var (term, weight) in query)
            {
                foreach (var name in _namePostings.GetValueOrDefault(term) ?? [])
                {
                    if (_nameOwner[name] == k)
                    {
                        shared[name] = shared.GetValueOrDefault(name) + weight;
                    }
                }
                var inName = Posted(_anyNamePostings, term, k);
                named += inName ? weight : 0;
                summary += Posted(_descriptionPostings, term, k) ? weight : 0;
                if (inName || Has(k, term))
                {
                    anywhere += weight;
                }
                else
                {
                    missing = Math.Max(missing, weight);
                }
            }
            foreach (var (name, weight) in shared)
            {
                best = Math.Max(best, _nameWeight[name] > 0 ? Math.Min(1, weight / _nameWeight[name]) : 0);
            }
            matches[i] = new FieldMatch(named / total, best, summary / total, anywhere / total, missing / total);
        }
        return matches;
    }

    // Postings are in number order (Build adds documents and names in order).
    private static bool Posted(Dictionary<string, List<int>> postings, string term, int id) =>
        postings.TryGetValue(term, out var ids) && ids.BinarySearch(id) >= 0;
}

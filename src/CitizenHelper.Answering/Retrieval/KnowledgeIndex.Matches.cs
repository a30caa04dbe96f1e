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
        for (var k = 0; k < keys.Count; k++)
        {
            if (!_names.TryGetValue(keys[k], out var names))
            {
                continue;
            }
            var weights = _nameWeights[keys[k]];
            var description = _descriptions.GetValueOrDefault(keys[k]) ?? [];
            var full = _fullText.GetValueOrDefault(keys[k]) ?? [];
            double named = 0, summary = 0, anywhere = 0, missing = 0, best = 0;
            var shared = new double[names.Count];
            foreach (var (term, weight) in query)
            {
                var inName = false;
                for (var n = 0; n < names.Count; n++)
                {
                    if (names[n].ContainsKey(term))
                    {
                        shared[n] += weight;
                        inName = true;
                    }
                }
                named += inName ? weight : 0;
                summary += description.Contains(term) ? weight : 0;
                if (full.Contains(term) || inName)
                {
                    anywhere += weight;
                }
                else
                {
                    missing = Math.Max(missing, weight);
                }
            }
            for (var n = 0; n < names.Count; n++)
            {
                best = Math.Max(best, weights[n] > 0 ? Math.Min(1, shared[n] / weights[n]) : 0);
            }
            matches[k] = new FieldMatch(named / total, best, summary / total, anywhere / total, missing / total);
        }
        return matches;
    }

}

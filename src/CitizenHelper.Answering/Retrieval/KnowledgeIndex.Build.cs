using CitizenHelper.Knowledge;

namespace CitizenHelper.Answering.Retrieval;

/// <summary>Building the index from a knowledge base: every table the search reads, filled once.</summary>
public sealed partial class KnowledgeIndex
{
    public static KnowledgeIndex Build(KnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        var index = new KnowledgeIndex();
        // What only building needs: each document's names (term weights), description words and every word.
        var namesByKey = new Dictionary<string, List<Dictionary<string, double>>>(StringComparer.Ordinal);
        var descriptions = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var fullText = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var documentTerms = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var document in knowledge.Documents)
        {
            var names = namesByKey.TryGetValue(document.Key, out var list) ? list : namesByKey[document.Key] = [];
            var all = documentTerms.TryGetValue(document.Key, out var set) ? set : documentTerms[document.Key] = new(StringComparer.Ordinal);
            foreach (var name in document.Aliases.Prepend(document.Title))
            {
                index.AddNamePhrase(document.Key, name);
                var terms = Terms.Of(name, dropFacetWords: false);
                names.Add(terms);
                all.UnionWith(terms.Keys);
            }
            var description = descriptions.TryGetValue(document.Key, out var d) ? d : descriptions[document.Key] = new(StringComparer.Ordinal);
            var text = document is Procedure procedure ? $"{document.Summary} {procedure.Field}" : document.Summary;
            var descriptionTerms = Terms.Of(text, dropFacetWords: false).Keys;
            description.UnionWith(descriptionTerms);
            all.UnionWith(descriptionTerms);
            var full = fullText.TryGetValue(document.Key, out var f) ? f : fullText[document.Key] = new(StringComparer.Ordinal);
            full.UnionWith(all);
            foreach (var section in document.Sections.Values)
            {
                full.UnionWith(Terms.Of(string.Join('\n', section.Lines.Prepend(section.Heading)), dropFacetWords: false).Keys);
            }
            if (document is Procedure p)
            {
                full.UnionWith(Terms.Of(p.Authority, dropFacetWords: false).Keys);
            }
        }

        foreach (var entry in knowledge.Catalog)
        {
            var names = new List<Dictionary<string, double>>();
            foreach (var name in entry.Aliases.Prepend(entry.Title))
            {
                index.AddNamePhrase(entry.Key, name);
                names.Add(Terms.Of(name, dropFacetWords: false));
            }
            namesByKey[entry.Key] = names;
            descriptions[entry.Key] = new HashSet<string>(Terms.Of(string.Join(' ', entry.Categories), dropFacetWords: false).Keys, StringComparer.Ordinal);
            documentTerms[entry.Key] = [.. names.SelectMany(n => n.Keys), .. descriptions[entry.Key]];
            fullText[entry.Key] = [.. documentTerms[entry.Key], .. Terms.Of(string.Join(' ', entry.Departments), dropFacetWords: false).Keys];
            index._catalogKeys.Add(entry.Key);
        }

        foreach (var province in knowledge.Provinces)
        {
            index._places.UnionWith(Terms.Of(province, dropFacetWords: false).Keys);
        }

        var total = documentTerms.Count;
        // Terms counted in the order the documents first have them (the order the tables below are filled in).
        var keysByTerm = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var terms in documentTerms.Values)
        {
            foreach (var term in terms)
            {
                keysByTerm[term] = keysByTerm.GetValueOrDefault(term) + 1;
            }
        }
        foreach (var (term, count) in keysByTerm)
        {
            index._idf[term] = new TermRarity(Math.Log(1 + ((total - count + 0.5) / (count + 0.5))), count);
        }
        index._unknownIdf = Math.Log(1 + ((namesByKey.Count + 0.5) / 0.5));
        var nameWeights = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (key, names) in namesByKey)
        {
            nameWeights[key] = [.. names.Select(n => n.Sum(t => t.Value * index.Idf(t.Key)))];
        }
        index._keys = [.. namesByKey.Keys];
        for (var k = 0; k < index._keys.Length; k++)
        {
            index._keyIds.Add(index._keys[k], k);
        }
        var owners = new List<int>();
        var weights = new List<double>();
        for (var k = 0; k < index._keys.Length; k++)
        {
            var key = index._keys[k];
            var names = namesByKey[key];
            for (var i = 0; i < names.Count; i++)
            {
                foreach (var term in names[i].Keys)
                {
                    Post(index._namePostings, term, owners.Count);
                }
                owners.Add(k);
                weights.Add(nameWeights[key][i]);
            }
            foreach (var term in descriptions[key])
            {
                Post(index._descriptionPostings, term, k);
            }
            foreach (var term in names.SelectMany(n => n.Keys).Distinct())
            {
                Post(index._anyNamePostings, term, k);
            }
            foreach (var term in fullText[key])
            {
                Post(index._fullTextPostings, term, k);
            }
        }
        index._nameOwner = [.. owners];
        index._nameWeight = [.. weights];
        foreach (var word in fullText.Values.SelectMany(t => t).Where(t => !t.Contains(' ', StringComparison.Ordinal)).Distinct())
        {
            index._vocabulary.Add(word);
            foreach (var variant in Deletions(word).Prepend(word))
            {
                if (!index._byDeletion.TryGetValue(variant, out var list))
                {
                    index._byDeletion[variant] = list = [];
                }
                list.Add(word);
            }
        }
        index._pairs.UnionWith(fullText.Values.SelectMany(t => t).Where(t => t.Contains(' ', StringComparison.Ordinal)));
        index._everydayPairs.UnionWith(index._idf.Keys.Where(t => t.IndexOf(' ', StringComparison.Ordinal) is var space and > 0
            && IsEveryday(t[..space]) && IsEveryday(t[(space + 1)..]) && !index._anyNamePostings.ContainsKey(t)));
        foreach (var pair in index._idf.Keys)
        {
            if (pair.IndexOf(' ', StringComparison.Ordinal) is var space and > 0)
            {
                Add(index._following, pair[..space], pair[(space + 1)..]);
                Add(index._preceding, pair[(space + 1)..], pair[..space]);
            }
        }
        return index;
    }

    private static void Add(Dictionary<string, HashSet<string>> sets, string key, string value)
    {
        if (!sets.TryGetValue(key, out var set))
        {
            sets[key] = set = new(StringComparer.Ordinal);
        }
        set.Add(value);
    }

    private static void Post<T>(Dictionary<string, List<T>> postings, string term, T value)
    {
        if (!postings.TryGetValue(term, out var list))
        {
            postings[term] = list = [];
        }
        list.Add(value);
    }
}

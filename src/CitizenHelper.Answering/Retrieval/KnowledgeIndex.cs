using System.Text.RegularExpressions;
using CitizenHelper.Answering.Text;
using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Answering.Retrieval;

/// <summary>
/// A document (by key) and how well it matched a query: <paramref name="Score"/> ranks documents (0 to 1),
/// <paramref name="Coverage"/> is the share of the question's words the document accounts for (0 to 1).
/// </summary>
public sealed record ScoredDocument(string Key, double Score, double Coverage);

/// <summary>
/// An in-memory index of the knowledge base over diacritic-folded syllables and syllable pairs. One entry per
/// document key (procedure code or help topic), fed by every language version, so a question in either language
/// finds the same document.
/// <para>
/// A document scores by how well its best name (title or alias) and the question cover each other — both ways,
/// weighted by how rare each term is — plus a smaller share for words of its summary. So "đăng ký khai sinh"
/// prefers the procedure of that exact name over "đăng ký khai sinh lưu động", and a question sharing one stray
/// word with a name ("ngày mai" / "mai táng") scores low. Words that only say which facts are wanted
/// ("giấy tờ", "lệ phí") are left out of the match.
/// </para>
/// </summary>
public sealed partial class KnowledgeIndex
{
    private const double PairWeight = 1.5;
    private const double SummaryWeight = 0.3;

    // A word no document has anywhere, and not an everyday word ("chim yến", "visa"), names a subject the knowledge
    // base does not cover: it weighs more against every document than a word that is merely rare in names.
    private const double OutsideVocabularyWeight = 2.5;
    private const double CodeMatchScore = 10;

    // The share of its rarity an everyday word ("cháu", "rồi") keeps in a question when documents use it.
    private const double EverydayWeight = 0.35;

    // A catalog entry has no facts of ours: a document of ours with a close score is the better answer.
    private const double CatalogWeight = 0.97;

    private readonly Dictionary<string, List<Dictionary<string, double>>> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _descriptions = new(StringComparer.Ordinal);

    // Every word of a document, all languages: what it can account for in a question (not what it is named).
    private readonly Dictionary<string, HashSet<string>> _fullText = new(StringComparer.Ordinal);
    // Words by themselves and with any one letter deleted: the words one edit from a typed word are found by a
    // few look-ups instead of a scan of the vocabulary.
    private readonly Dictionary<string, List<string>> _byDeletion = new(StringComparer.Ordinal);
    private readonly HashSet<string> _vocabulary = new(StringComparer.Ordinal);
    // Every adjacent pair of words the documents have anywhere: what tells "dangky" is "đăng ký".
    private readonly HashSet<string> _pairs = new(StringComparer.Ordinal);
    // Known pairs of two everyday words ("phải làm", "con mình") that name no document: they say how something is
    // asked, not what about, and are left out of a question ("bản sao" names one and stays).
    private readonly HashSet<string> _everydayPairs = new(StringComparer.Ordinal);
    // The known pairs by their first word and by their second: the words that may follow or precede a word.
    private readonly Dictionary<string, HashSet<string>> _following = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _preceding = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _idf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _keysByTerm = new(StringComparer.Ordinal);
    private readonly HashSet<string> _catalogKeys = new(StringComparer.Ordinal);

    // The words and pairs of province names ("dong thap"): where the citizen is, not what they ask about. Where no
    // name has them they do not count against a document; ProvinceStep reads them.
    private readonly HashSet<string> _places = new(StringComparer.Ordinal);

    // Each name's total weight (Σ weight × idf), computed once at build time.
    private readonly Dictionary<string, double[]> _nameWeights = new(StringComparer.Ordinal);
    private double _unknownIdf;

    // Postings by number, so a search touches only the names and documents that share a term with the question,
    // and adds up into plain arrays instead of hashing keys.
    private string[] _keys = [];
    private int[] _nameOwner = [];
    private double[] _nameWeight = [];
    private readonly Dictionary<string, List<int>> _namePostings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _descriptionPostings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _anyNamePostings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _fullTextPostings = new(StringComparer.Ordinal);

    // Each document's names as folded words padded with spaces, to ask whether a name says a phrase.
    private readonly Dictionary<string, List<string>> _namePhrases = new(StringComparer.Ordinal);

    private KnowledgeIndex()
    {
    }

    private void AddNamePhrase(string key, string name)
    {
        if (!_namePhrases.TryGetValue(key, out var phrases))
        {
            _namePhrases[key] = phrases = [];
        }
        phrases.Add(QueryText.Padded(name));
    }

    /// <summary>True when the document's title or one of its aliases contains the phrase (folded words).</summary>
    public bool Names(string key, string phrase) =>
        _namePhrases.TryGetValue(key, out var phrases) && phrases.Any(p => p.Contains($" {phrase} ", StringComparison.Ordinal));

    /// <summary>True when every word and adjacent pair of the phrase (folded words) appears somewhere in the document.</summary>
    public bool Mentions(string key, string phrase)
    {
        if (!_fullText.TryGetValue(key, out var terms))
        {
            return false;
        }
        var words = QueryText.Words(phrase);
        return Terms.Of(words).Keys.All(terms.Contains);
    }

    public int Count => _names.Count;

    /// <summary>True when a folded word is one the documents use, or an everyday or function word.</summary>
    public bool Knows(string word) => _vocabulary.Contains(word) || Terms.IsStopWord(word) || CommonWords.Contains(word);

    public static KnowledgeIndex Build(KnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        var index = new KnowledgeIndex();
        var documentTerms = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var document in knowledge.Documents)
        {
            var names = index._names.TryGetValue(document.Key, out var list) ? list : index._names[document.Key] = [];
            var all = documentTerms.TryGetValue(document.Key, out var set) ? set : documentTerms[document.Key] = new(StringComparer.Ordinal);
            foreach (var name in document.Aliases.Prepend(document.Title))
            {
                index.AddNamePhrase(document.Key, name);
                var terms = Terms.Of(name, dropFacetWords: false);
                names.Add(terms);
                all.UnionWith(terms.Keys);
            }
            var description = index._descriptions.TryGetValue(document.Key, out var d) ? d : index._descriptions[document.Key] = new(StringComparer.Ordinal);
            var text = document is Procedure procedure ? $"{document.Summary} {procedure.Field}" : document.Summary;
            var descriptionTerms = Terms.Of(text, dropFacetWords: false).Keys;
            description.UnionWith(descriptionTerms);
            all.UnionWith(descriptionTerms);
            var full = index._fullText.TryGetValue(document.Key, out var f) ? f : index._fullText[document.Key] = new(StringComparer.Ordinal);
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
            index._names[entry.Key] = names;
            index._descriptions[entry.Key] = new HashSet<string>(Terms.Of(string.Join(' ', entry.Categories), dropFacetWords: false).Keys, StringComparer.Ordinal);
            documentTerms[entry.Key] = [.. names.SelectMany(n => n.Keys), .. index._descriptions[entry.Key]];
            index._fullText[entry.Key] = [.. documentTerms[entry.Key], .. Terms.Of(string.Join(' ', entry.Departments), dropFacetWords: false).Keys];
            index._catalogKeys.Add(entry.Key);
        }

        foreach (var province in knowledge.Provinces)
        {
            index._places.UnionWith(Terms.Of(province, dropFacetWords: false).Keys);
        }

        var total = documentTerms.Count;
        foreach (var (key, terms) in documentTerms)
        {
            foreach (var term in terms)
            {
                if (!index._keysByTerm.TryGetValue(term, out var keys))
                {
                    index._keysByTerm[term] = keys = [];
                }
                keys.Add(key);
            }
        }
        foreach (var (term, keys) in index._keysByTerm)
        {
            index._idf[term] = Math.Log(1 + ((total - keys.Count + 0.5) / (keys.Count + 0.5)));
        }
        index._unknownIdf = Math.Log(1 + ((index._names.Count + 0.5) / 0.5));
        foreach (var (key, names) in index._names)
        {
            index._nameWeights[key] = [.. names.Select(n => n.Sum(t => t.Value * index.Idf(t.Key)))];
        }
        index._keys = [.. index._names.Keys];
        var owners = new List<int>();
        var weights = new List<double>();
        for (var k = 0; k < index._keys.Length; k++)
        {
            var key = index._keys[k];
            var names = index._names[key];
            for (var i = 0; i < names.Count; i++)
            {
                foreach (var term in names[i].Keys)
                {
                    Post(index._namePostings, term, owners.Count);
                }
                owners.Add(k);
                weights.Add(index._nameWeights[key][i]);
            }
            foreach (var term in index._descriptions[key])
            {
                Post(index._descriptionPostings, term, k);
            }
            foreach (var term in names.SelectMany(n => n.Keys).Distinct())
            {
                Post(index._anyNamePostings, term, k);
            }
            foreach (var term in index._fullText[key])
            {
                Post(index._fullTextPostings, term, k);
            }
        }
        index._nameOwner = [.. owners];
        index._nameWeight = [.. weights];
        foreach (var word in index._fullText.Values.SelectMany(t => t).Where(t => !t.Contains(' ', StringComparison.Ordinal)).Distinct())
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
        index._pairs.UnionWith(index._fullText.Values.SelectMany(t => t).Where(t => t.Contains(' ', StringComparison.Ordinal)));
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

    /// <summary>Documents matching the text, best first. Scores run from 0 to 1; a code written in the text scores 10.</summary>
    public IReadOnlyList<ScoredDocument> Search(string text, int top)
    {
        ArgumentNullException.ThrowIfNull(text);
        var query = Query(text);
        var queryWeight = 0.0;
        var shared = new double[_nameOwner.Length];
        var summaries = new double[_keys.Length];
        var covered = new double[_keys.Length];
        var named = new double[_keys.Length];
        var touchedNames = new List<int>();
        foreach (var (term, weight) in query)
        {
            queryWeight += weight;
            foreach (var name in _namePostings.GetValueOrDefault(term) ?? [])
            {
                if (shared[name] == 0)
                {
                    touchedNames.Add(name);
                }
                shared[name] += weight;
            }
            foreach (var key in _descriptionPostings.GetValueOrDefault(term) ?? [])
            {
                summaries[key] += weight;
            }
            foreach (var key in _anyNamePostings.GetValueOrDefault(term) ?? [])
            {
                named[key] += weight;
            }
            foreach (var key in _fullTextPostings.GetValueOrDefault(term) ?? [])
            {
                covered[key] += weight;
            }
        }
        var agreements = new double[_keys.Length];
        foreach (var name in touchedNames)
        {
            var key = _nameOwner[name];
            // How much of the question the document's names account for together ("mai táng" in one alias,
            // "bảo trợ xã hội" in another), against how much of this one name the question says.
            var ofQuery = named[key] / queryWeight;
            var ofName = Math.Min(1, shared[name] / _nameWeight[name]);
            agreements[key] = Math.Max(agreements[key], 2 * ofQuery * ofName / (ofQuery + ofName));
        }

        var scores = new Dictionary<string, ScoredDocument>(StringComparer.Ordinal);
        if (queryWeight > 0)
        {
            for (var k = 0; k < _keys.Length; k++)
            {
                if (agreements[k] == 0 && summaries[k] == 0)
                {
                    continue;
                }

                // The summary helps a document whose names do not match well; it cannot outvote a matching name.
                var key = _keys[k];
                var name = agreements[k];
                var score = name + (SummaryWeight * (summaries[k] / queryWeight) * (1 - name));
                scores[key] = new ScoredDocument(key, _catalogKeys.Contains(key) ? score * CatalogWeight : score, covered[k] / queryWeight);
            }
        }
        foreach (var code in VietnameseText.ProcedureCodes(text).Where(_names.ContainsKey))
        {
            scores[code] = new ScoredDocument(code, CodeMatchScore, 1);
        }

        return [.. scores.Values
            .Where(s => s.Score > 0)
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Key, StringComparer.Ordinal)
            .Take(top)];
    }

    /// <summary>Share of the question's words (by rarity) that appear anywhere in the document: 0 to 1.</summary>
    public double Coverage(string key, string text)
    {
        var query = Query(text);
        var weight = query.Sum(t => t.Weight);
        return weight == 0 || !_fullText.TryGetValue(key, out var terms) ? 0 : Covered(query, terms) / weight;
    }

    /// <summary>The query's terms with their weights and rarity, to see why a question matched as it did.</summary>
    public IEnumerable<(string Term, double Weight, bool Known)> Explain(string text) =>
        Query(text).Select(t => (t.Term, t.Weight, _idf.ContainsKey(t.Term)));

    /// <summary>
    /// The question's terms. A syllable pair no document has is left out: its syllables already count on their
    /// own, and pairs formed only because the citizen skipped a word ("giấy phép [xây dựng] nhà") say nothing new.
    /// </summary>
    /// <returns>Each term with its weight × rarity (idf).</returns>
    private List<(string Term, double Weight)> Query(string text)
    {
        var words = Facets.WithoutCues(Words(text));
        for (var i = 0; i < words.Length; i++)
        {
            if (CommonWords.Contains(words[i]))
            {
                continue;
            }
            // Vietnamese syllables are short and many are one letter apart: take a correction only when it
            // forms a known pair with a neighbour ("tạm vắg" → "tạm vắng"), or the word is long.
            var previous = i > 0 && words[i - 1] != QueryText.Boundary ? words[i - 1] : null;
            var next = i + 1 < words.Length && words[i + 1] != QueryText.Boundary ? words[i + 1] : null;
            if (Correct(words[i], previous, next) is { } corrected)
            {
                words[i] = corrected;
            }
        }
        var terms = new List<(string, double)>();
        foreach (var (term, weight) in Terms.Of(words))
        {
            var known = _idf.TryGetValue(term, out var idf);
            if (!known && _places.Contains(term))
            {
                continue;
            }
            // An everyday word or a number no document has says nothing about the topic: it does not count.
            // So does a word in a script we do not read ("регистрация", "结婚"): it is not evidence against a document.
            // A run of consonants ("ck", "mng") is chat shorthand, not a subject: no Vietnamese or English word lacks a vowel.
            if (!known && (CommonWords.Contains(term) || term.All(char.IsAsciiDigit) || !term.All(c => c < 'ɐ') || !term.Any(IsVowel)))
            {
                continue;
            }
            if (known && _everydayPairs.Contains(term))
            {
                continue;
            }
            var space = term.IndexOf(' ', StringComparison.Ordinal);
            if (known || space < 0)
            {
                // An everyday word the documents happen to use ("cháu", "rồi", "xem") is weak evidence on its own;
                // its pairs ("giám hộ cho cháu") carry the meaning.
                var rarity = known ? idf : _vocabulary.Contains(term) ? _unknownIdf : _unknownIdf * OutsideVocabularyWeight;
                terms.Add((term, weight * rarity * (known && space < 0 && CommonWords.Contains(term) ? EverydayWeight : 1)));
            }
        }
        return terms;
    }

    /// <summary>
    /// The text's words as the index reads them (<see cref="QueryText.Words"/>), with syllables typed without the
    /// space between them split apart ("dangky" → "dang ky", "giayto" → "giay to") when the documents know the word
    /// they make together.
    /// </summary>
    public string[] Words(string text)
    {
        var words = QueryText.Words(text);
        List<string>? split = null;
        for (var i = 0; i < words.Length; i++)
        {
            var parts = words[i].Length is >= 4 and <= 16 && words[i].All(char.IsAsciiLetterLower) && !_vocabulary.Contains(words[i])
                && !CommonWords.Contains(words[i]) && !VietnameseSyllable().IsMatch(words[i]) ? Segment(words[i]) : null;
            if (parts is null)
            {
                split?.Add(words[i]);
                continue;
            }
            split ??= [.. words[..i]];
            split.AddRange(parts);
        }
        return split is null ? words : [.. split];
    }

    /// <summary>
    /// The way to cut a word into two to four Vietnamese syllables that makes the most pairs the documents know
    /// (at least one, and each syllable a word of theirs or an everyday one); null when there is none.
    /// </summary>
    private string[]? Segment(string word)
    {
        string[]? best = null;
        var bestPairs = 0;
        foreach (var parts in Syllables(word, 4))
        {
            if (parts.Count < 2)
            {
                continue;
            }
            var mapped = parts.Select(QueryText.Spelling).ToList();
            if (mapped.Any(m => !(_vocabulary.Contains(m) || Terms.IsStopWord(m) || CommonWords.Contains(m))))
            {
                continue;
            }
            var pairs = 0;
            for (var i = 0; i + 1 < mapped.Count; i++)
            {
                pairs += _pairs.Contains($"{mapped[i]} {mapped[i + 1]}") ? 1 : 0;
            }
            if (pairs > bestPairs)
            {
                best = [.. mapped];
                bestPairs = pairs;
            }
        }
        return best;
    }

    /// <summary>Every way to read the word as at most <paramref name="most"/> folded Vietnamese syllables.</summary>
    private static IEnumerable<List<string>> Syllables(string word, int most)
    {
        if (VietnameseSyllable().IsMatch(word))
        {
            yield return [word];
        }
        if (most < 2)
        {
            yield break;
        }
        for (var cut = 1; cut < word.Length && cut <= 7; cut++)
        {
            var head = word[..cut];
            if (!VietnameseSyllable().IsMatch(head))
            {
                continue;
            }
            foreach (var rest in Syllables(word[cut..], most - 1))
            {
                rest.Insert(0, head);
                yield return rest;
            }
        }
    }

    private static bool IsEveryday(string word) => Terms.IsStopWord(word) || CommonWords.Contains(word);

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    // A folded Vietnamese syllable: optional initial consonant(s), one to three vowels, optional final consonant(s).
    [GeneratedRegex("^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?$")]
    private static partial Regex VietnameseSyllable();

    /// <summary>
    /// A word one typing slip away from one that documents have ("sin" → "sinh", "vag" → "vang"): the candidate
    /// that forms a known pair with a neighbour, else — for a long word no document has — the most common one.
    /// Null when there is none; short words are left alone.
    /// </summary>
    private string? Correct(string word, string? previous, string? next)
    {
        if (word.Length < 3 || Terms.IsStopWord(word))
        {
            return null;
        }
        var exists = _vocabulary.Contains(word);
        if (exists && (IsKnownPair(previous, word) || IsKnownPair(word, next)))
        {
            return null;
        }

        // First a word one slip away that forms a known pair with a neighbour ("tạm vắg" → "tạm vắng"); a word that
        // exists is replaced only so ("mai tán" → "mai táng").
        string? best = null;
        var bestCount = 0;
        void Consider(HashSet<string>? candidates)
        {
            foreach (var candidate in candidates ?? [])
            {
                if (candidate != word && (OneEditApart(word, candidate) || Transposed(word, candidate)) && (_keysByTerm.GetValueOrDefault(candidate)?.Count ?? 1) is var count && count > bestCount)
                {
                    best = candidate;
                    bestCount = count;
                }
            }
        }
        Consider(previous is null ? null : _following.GetValueOrDefault(previous));
        Consider(next is null ? null : _preceding.GetValueOrDefault(next));
        // Only into a word that makes a name with its neighbour ("tạm vắg" → "tạm vắng", "mai tán" → "mai táng"), not
        // into any pair some sentence has ("mất cả" is not "một cả", "bằng đại học" not "bằng tài khoản").
        var makesName = best is not null && (_anyNamePostings.ContainsKey($"{previous} {best}") || _anyNamePostings.ContainsKey($"{best} {next}"));
        if (makesName || exists)
        {
            return makesName ? best : null;
        }
        best = null;
        bestCount = 0;

        // Else, for a word no document has, the most common long word one slip away ("chung thuc" typed "chung thuk").
        foreach (var variant in Deletions(word).Prepend(word))
        {
            foreach (var candidate in _byDeletion.GetValueOrDefault(variant) ?? [])
            {
                var count = _keysByTerm.GetValueOrDefault(candidate)?.Count ?? 1;
                if (candidate.Length >= 5 && count > bestCount && OneEditApart(word, candidate))
                {
                    best = candidate;
                    bestCount = count;
                }
            }
        }
        return best;
    }

    private bool IsKnownPair(string? first, string? second) =>
        first is not null && second is not null && _following.TryGetValue(first, out var following) && following.Contains(second);

    private static IEnumerable<string> Deletions(string word)
    {
        for (var i = 0; i < word.Length; i++)
        {
            yield return string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1));
        }
    }

    /// <summary>True when swapping two neighbouring letters turns one word into the other ("khia" / "khai").</summary>
    private static bool Transposed(string a, string b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }
        var at = 0;
        while (at < a.Length && a[at] == b[at])
        {
            at++;
        }
        return at + 1 < a.Length && a[at] == b[at + 1] && a[at + 1] == b[at] && a.AsSpan(at + 2).SequenceEqual(b.AsSpan(at + 2));
    }

    /// <summary>True when one insertion, deletion or substitution turns one word into the other.</summary>
    private static bool OneEditApart(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }
        if (a.Length > b.Length)
        {
            (a, b) = (b, a);
        }
        int i = 0, j = 0, edits = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                i++;
                j++;
                continue;
            }
            if (++edits > 1)
            {
                return false;
            }
            if (a.Length == b.Length)
            {
                i++;
            }
            j++;
        }
        return edits + (b.Length - j) + (a.Length - i) <= 1;
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

    private static double Covered(List<(string Term, double Weight)> query, HashSet<string> terms)
    {
        var covered = 0.0;
        foreach (var (term, weight) in query)
        {
            if (terms.Contains(term))
            {
                covered += weight;
            }
        }
        return covered;
    }

    // Terms no document has still count in the query's weight: a question mostly about something else scores low.
    private double Idf(string term) => _idf.TryGetValue(term, out var idf) ? idf : _unknownIdf;

    /// <summary>Terms of a text with their weights: content syllables, and adjacent syllable pairs, which carry most of the meaning in Vietnamese.</summary>
    internal static class Terms
    {
        public static Dictionary<string, double> Of(string text, bool dropFacetWords) =>
            Of(dropFacetWords ? Facets.WithoutCues(text) : QueryText.Words(text));

        public static bool IsStopWord(string word) => StopWords.Contains(word);

        public static Dictionary<string, double> Of(string[] syllables)
        {
            var terms = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var i = 0; i < syllables.Length; i++)
            {
                if (syllables[i] == QueryText.Boundary)
                {
                    continue;
                }
                if (!StopWords.Contains(syllables[i]))
                {
                    terms[syllables[i]] = 1;
                }
                // Pairs are kept even around function words: folded, "bản sao", "báo tử" and "sổ đỏ" are made of
                // syllables that look like "bạn", "sao", "bao", "do" — the pair tells them apart. Not across clauses.
                if (i + 1 < syllables.Length && syllables[i + 1] != QueryText.Boundary
                    && !EnglishFunctionWords.Contains(syllables[i]) && !EnglishFunctionWords.Contains(syllables[i + 1]))
                {
                    terms[$"{syllables[i]} {syllables[i + 1]}"] = PairWeight;
                }
            }
            return terms;
        }

        // Function words in folded Vietnamese and in English: they say how a question is asked, not what about.
        private static readonly string[] StopWordList =
        [
            "cho", "can", "gi", "la", "o", "dau", "bao", "nhieu", "the", "nao", "toi", "minh", "co", "khong", "de", "va",
            "cua", "thi", "sao", "a", "oi", "nhe", "voi", "em", "anh", "chi", "ban", "duoc", "phai", "nhung", "cac", "mot",
            "nay", "do", "khi", "ve", "tai", "muon", "hoi", "xin", "vay", "ha", "con", "cai", "nhu", "ma", "thu",
            "an", "to", "of", "for", "is", "are", "does", "i", "my", "me", "we", "how", "what", "where", "when", "which",
            "in", "on", "at", "need", "with", "and", "or", "it", "be", "get", "please", "you", "your", "much", "many", "do",
            "can", "want", "there", "this", "that", "from", "by", "about", "will", "should", "take", "if", "am", "his", "her",
            "our", "their", "they", "them", "she", "he", "us", "was", "were", "has", "have", "had", "been", "would", "could",
            "any", "some", "who", "why", "into", "than", "then", "so", "just", "also", "still", "now", "yes", "no", "not",
            "one", "way", "like", "go", "make", "ok", "okay", "hi", "dear", "sir", "madam", "thank",
            "away", "girlfriend", "boyfriend", "fiance", "fiancee", "after", "before", "since", "until", "during", "while", "because", "only", "very", "too", "more", "most", "did",
        ];

        // English function words that are no folded Vietnamese syllable: a pair with one ("my father") says no
        // more than the other word alone, and would tie a question to whichever alias happens to share it.
        private static readonly HashSet<string> EnglishFunctionWords = new(StringComparer.Ordinal)
        {
            "my", "is", "are", "does", "for", "with", "and", "or", "your", "this", "that", "from", "about", "his",
            "was", "were", "has", "have", "what", "where", "when", "which", "how", "our", "their", "would", "could",
        };

        private static readonly HashSet<string> StopWords = new(StopWordList.Select(QueryText.Stem), StringComparer.Ordinal);
    }
}

using System.Buffers;
using CitizenHelper.Answering.Text;
using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Answering.Retrieval;

// Over 300 lines on purpose: searching and scoring read the same tables; building, spelling and terms are in the other partial files.
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
// Partial on purpose: building (Build), reading typed words (Spelling), terms (Terms), search (here) and the stored
// form (Format) all work on the same private tables, whose layout the search's speed depends on.
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

    // Each document key's number: its place in _keys and in the postings.
    private readonly Dictionary<string, int> _keyIds = new(StringComparer.Ordinal);

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
    // Each term of the documents' names and descriptions: its rarity and in how many documents it is.
    private readonly Dictionary<string, TermRarity> _idf = new(StringComparer.Ordinal);
    private readonly HashSet<string> _catalogKeys = new(StringComparer.Ordinal);

    // The words and pairs of province names ("dong thap"): where the citizen is, not what they ask about. Where no
    // name has them they do not count against a document; ProvinceStep reads them.
    private readonly HashSet<string> _places = new(StringComparer.Ordinal);

    private double _unknownIdf;

    // Postings by number, so a search touches only the names and documents that share a term with the question,
    // and adds up into plain arrays instead of hashing keys.
    private string[] _keys = [];
    private int[] _nameOwner = [];
    private double[] _nameWeight = [];
    private readonly Dictionary<string, List<int>> _namePostings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _descriptionPostings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _anyNamePostings = new(StringComparer.Ordinal);
    // Every word of a document, all languages (what it can account for in a question, not what it is named), as the
    // documents having each term, in key order.
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
        if (!_keyIds.TryGetValue(key, out var k))
        {
            return false;
        }
        var words = QueryText.Words(phrase);
        return Terms.Of(words).Keys.All(t => Has(k, t));
    }

    public int Count => _keys.Length;

    /// <summary>True when a folded word is one the documents use, or an everyday or function word.</summary>
    public bool Knows(string word) => _vocabulary.Contains(word) || Terms.IsStopWord(word) || CommonWords.Contains(word);


    /// <summary>Documents matching the text, best first. Scores run from 0 to 1; a code written in the text scores 10.</summary>
    public IReadOnlyList<ScoredDocument> Search(string text, int top)
    {
        ArgumentNullException.ThrowIfNull(text);
        var query = Query(text);
        // The sums per name and per document are pooled: several arrays of every key and name per question made most
        // of what the service allocates per message, and the collections it then needs (#21). One name table's worth
        // of doubles is also over the large object threshold, which a fresh array would churn.
        var names = ArrayPool<double>.Shared.Rent(_nameOwner.Length);
        var touched = ArrayPool<int>.Shared.Rent(_nameOwner.Length);
        var seen = ArrayPool<bool>.Shared.Rent(_nameOwner.Length);
        var sums = ArrayPool<double>.Shared.Rent(5 * _keys.Length);
        var ranked = ArrayPool<int>.Shared.Rent(_keys.Length);
        try
        {
            return Search(text, top, query, new Sums(names.AsSpan(0, _nameOwner.Length), touched, seen.AsSpan(0, _nameOwner.Length), sums.AsSpan(0, 5 * _keys.Length), ranked));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(names);
            ArrayPool<int>.Shared.Return(touched);
            ArrayPool<bool>.Shared.Return(seen);
            ArrayPool<double>.Shared.Return(sums);
            ArrayPool<int>.Shared.Return(ranked);
        }
    }

    /// <summary>A search's working arrays: per name, the names touched and which, five per document key, documents scored.</summary>
    private readonly ref struct Sums(Span<double> names, int[] touched, Span<bool> seen, Span<double> keys, int[] ranked)
    {
        public readonly Span<double> Names = names;
        public readonly int[] Touched = touched;
        public readonly Span<bool> Seen = seen;
        public readonly Span<double> Keys = keys;
        public readonly int[] Ranked = ranked;
    }

    private ScoredDocument[] Search(string text, int top, List<(string Term, double Weight)> query, Sums work)
    {
        var shared = work.Names;
        shared.Clear();
        work.Seen.Clear();
        work.Keys.Clear();
        var count = _keys.Length;
        var summaries = work.Keys[..count];
        var covered = work.Keys.Slice(count, count);
        var named = work.Keys.Slice(2 * count, count);
        var agreements = work.Keys.Slice(3 * count, count);
        var final = work.Keys.Slice(4 * count, count);
        var touchedNames = work.Touched;
        var touchedCount = 0;
        var queryWeight = 0.0;
        foreach (var (term, weight) in query)
        {
            queryWeight += weight;
            foreach (var name in _namePostings.GetValueOrDefault(term) ?? [])
            {
                if (!work.Seen[name])
                {
                    work.Seen[name] = true;
                    touchedNames[touchedCount++] = name;
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
        foreach (var name in touchedNames.AsSpan(0, touchedCount))
        {
            var key = _nameOwner[name];
            // How much of the question the document's names account for together ("mai táng" in one alias,
            // "bảo trợ xã hội" in another), against how much of this one name the question says.
            var ofQuery = named[key] / queryWeight;
            var ofName = Math.Min(1, shared[name] / _nameWeight[name]);
            agreements[key] = Math.Max(agreements[key], 2 * ofQuery * ofName / (ofQuery + ofName));
        }

        // Each document's score, and its coverage in place of the sum it came from; a code named in the text wins.
        var scored = work.Ranked;
        var scoredCount = 0;
        if (queryWeight > 0)
        {
            for (var k = 0; k < count; k++)
            {
                if (agreements[k] == 0 && summaries[k] == 0)
                {
                    continue;
                }

                // The summary helps a document whose names do not match well; it cannot outvote a matching name.
                var name = agreements[k];
                var score = name + (SummaryWeight * (summaries[k] / queryWeight) * (1 - name));
                final[k] = _catalogKeys.Contains(_keys[k]) ? score * CatalogWeight : score;
                covered[k] /= queryWeight;
                if (final[k] > 0)
                {
                    scored[scoredCount++] = k;
                }
            }
        }
        foreach (var code in VietnameseText.ProcedureCodes(text))
        {
            if (_keyIds.TryGetValue(code, out var k))
            {
                if (!(final[k] > 0))
                {
                    scored[scoredCount++] = k;
                }
                final[k] = CodeMatchScore;
                covered[k] = 1;
            }
        }

        // Best first, ties by key: only the first `top` are ordered (a question's words touch thousands of names).
        var take = Math.Min(top, scoredCount);
        if (take <= 0)
        {
            return [];
        }
        var best = new int[take];
        var filled = 0;
        foreach (var k in scored.AsSpan(0, scoredCount))
        {
            if (filled == take && !Before(k, best[take - 1], final, _keys))
            {
                continue;
            }
            var at = filled < take ? filled++ : take - 1;
            while (at > 0 && Before(k, best[at - 1], final, _keys))
            {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = k;
        }
        var results = new ScoredDocument[take];
        for (var i = 0; i < take; i++)
        {
            results[i] = new ScoredDocument(_keys[best[i]], final[best[i]], covered[best[i]]);
        }
        return results;
    }

    /// <summary>Whether document a ranks before b: the higher score, else the key first in ordinal order.</summary>
    private static bool Before(int a, int b, ReadOnlySpan<double> scores, string[] keys) =>
        scores[a] != scores[b] ? scores[a] > scores[b] : string.CompareOrdinal(keys[a], keys[b]) < 0;

    /// <summary>Share of the question's words (by rarity) that appear anywhere in the document: 0 to 1.</summary>
    public double Coverage(string key, string text)
    {
        var query = Query(text);
        var weight = query.Sum(t => t.Weight);
        return weight == 0 || !_keyIds.TryGetValue(key, out var k) ? 0 : Covered(query, k) / weight;
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
            var known = _idf.TryGetValue(term, out var stats);
            var idf = stats.Idf;
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


    private double Covered(List<(string Term, double Weight)> query, int key)
    {
        var covered = 0.0;
        foreach (var (term, weight) in query)
        {
            if (Has(key, term))
            {
                covered += weight;
            }
        }
        return covered;
    }

    // Terms no document has still count in the query's weight: a question mostly about something else scores low.
    private double Idf(string term) => _idf.TryGetValue(term, out var rarity) ? rarity.Idf : _unknownIdf;

    /// <summary>How many documents have the term in a name or description; 1 for any other.</summary>
    private int KeysWith(string term) => _idf.TryGetValue(term, out var rarity) ? rarity.Keys : 1;

    /// <summary>Whether the document (by number) has the term anywhere: its postings are in key order.</summary>
    private bool Has(int key, string term) => _fullTextPostings.TryGetValue(term, out var keys) && keys.BinarySearch(key) >= 0;

    private readonly record struct TermRarity(double Idf, int Keys);
}

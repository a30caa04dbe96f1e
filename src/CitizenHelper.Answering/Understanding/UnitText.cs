using CitizenHelper.Knowledge.Units;

namespace CitizenHelper.Answering.Understanding;

/// <summary>
/// A question folded for matching place names, split into words, with the names found in it: every run of up to
/// <see cref="UnitDirectory.MaxWords"/> words is looked up once in the directory.
/// </summary>
internal sealed class UnitText
{
    private readonly string _folded;
    private readonly List<(int Start, int End)> _words = [];
    private readonly List<string> _signatures;
    private readonly bool[] _clauseStarts;

    public UnitText(string text, UnitDirectory directory)
    {
        _folded = UnitNames.Fold(text);
        _signatures = UnitNames.Signatures(text);
        for (var i = 0; i < _folded.Length;)
        {
            var end = _folded.IndexOf(' ', i);
            end = end < 0 ? _folded.Length : end;
            _words.Add((i, end));
            i = end + 1;
        }
        _clauseStarts = ClauseStarts(text, _words.Count);
        for (var i = 0; i < _words.Count; i++)
        {
            for (var n = 1; n <= directory.MaxWords && i + n <= _words.Count; n++)
            {
                if (n > 1 && _clauseStarts[i + n - 1])
                {
                    break; // "ở xã, nắm chưa" is no "xã Nậm Chua": a name does not run across a comma
                }
                var entries = directory.Find(Span(i, n));
                if (entries.Length > 0)
                {
                    Hits.Add(new NameHit(i, n, Span(i, n).ToString(), entries));
                }
            }
        }
    }

    public int Count => _words.Count;

    /// <summary>Every word run that is a name, in order of position.</summary>
    public List<NameHit> Hits { get; } = [];

    public ReadOnlySpan<char> Span(int first, int count) => _folded.AsSpan(_words[first].Start, _words[first + count - 1].End - _words[first].Start);

    public string Word(int index) => index >= 0 && index < _words.Count ? _folded[_words[index].Start.._words[index].End] : "";

    /// <summary>The type word just before word <paramref name="first"/> (one or two words), from <paramref name="table"/>.</summary>
    public (string Type, int Words)? TypeBefore(int first, (string Word, string Type)[] table)
    {
        foreach (var (word, type) in table)
        {
            var words = word.Count(c => c == ' ') + 1;
            if (first - words >= 0 && !StartsClauseWithin(first - words + 1, first) && Span(first - words, words).SequenceEqual(word))
            {
                return (type, words);
            }
        }
        return null;
    }

    /// <summary>
    /// Whether <paramref name="name"/> ends in the words of <paramref name="hit"/> as typed, diacritics included; true
    /// when they were typed without diacritics (then only the letters count, and they matched already).
    /// </summary>
    public bool SpelledAs(NameHit hit, string name)
    {
        if (_signatures.Count != _words.Count || !Enumerable.Range(hit.First, hit.Count).Any(i => UnitNames.HasMarks(_signatures[i])))
        {
            return true;
        }
        var named = UnitNames.Signatures(name);
        return named.Count >= hit.Count && named[^hit.Count..].SequenceEqual(_signatures[hit.First..hit.End]);
    }

    /// <summary>True when a clause starts at any word from <paramref name="from"/> to <paramref name="to"/> (both included).</summary>
    private bool StartsClauseWithin(int from, int to)
    {
        for (var i = Math.Max(from, 0); i <= to && i < _clauseStarts.Length; i++)
        {
            if (_clauseStarts[i])
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// For each word, whether a comma, semicolon, colon, bracket, line break or sentence end stands before it. A full
    /// stop after a word of one or two letters is an abbreviation ("P. Giảng Võ", "TP.HCM"), not an end. Words are
    /// split as <see cref="UnitNames.Fold"/> splits them; when the count disagrees, no word starts a clause.
    /// </summary>
    private static bool[] ClauseStarts(string text, int count)
    {
        var starts = new List<bool>(count);
        var pending = false;
        var length = 0;
        var previousLength = 0;
        foreach (var c in text.Normalize(System.Text.NormalizationForm.FormD))
        {
            if (c is '’' or '\'' or '‘' or '`' || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                continue; // removed before folding: neither a letter nor a gap
            }
            if (char.IsLetterOrDigit(c))
            {
                if (length == 0)
                {
                    starts.Add(pending && starts.Count > 0);
                    pending = false;
                }
                length++;
                continue;
            }
            if (length > 0)
            {
                previousLength = length;
                length = 0;
            }
            pending |= c is ',' or ';' or ':' or '!' or '?' or '(' or ')' or '\n' or '…' or '–' || (c == '.' && previousLength > 2);
        }
        return starts.Count == count ? [.. starts] : new bool[count];
    }

    /// <summary>True when one of the folded phrases stands in the text as whole words.</summary>
    public bool ContainsPhrase(IEnumerable<string> phrases)
    {
        var padded = $" {_folded} ";
        return phrases.Any(p => padded.Contains($" {p} ", StringComparison.Ordinal));
    }

    public bool Contains(IReadOnlySet<string> words) => Enumerable.Range(0, Count).Any(i => words.Contains(Word(i)));
}

/// <summary>A run of words that is a name: where it is, its folded text, and what it can mean.</summary>
internal readonly record struct NameHit(int First, int Count, string Name, UnitNameEntry[] Entries)
{
    public int End => First + Count;

    public bool Has(UnitNameKind kind) => Entries.Any(e => e.Kind == kind);
}

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
        for (var i = 0; i < _words.Count; i++)
        {
            for (var n = 1; n <= directory.MaxWords && i + n <= _words.Count; n++)
            {
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
            if (first - words >= 0 && Span(first - words, words).SequenceEqual(word))
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

    public bool Contains(IReadOnlySet<string> words) => Enumerable.Range(0, Count).Any(i => words.Contains(Word(i)));
}

/// <summary>A run of words that is a name: where it is, its folded text, and what it can mean.</summary>
internal readonly record struct NameHit(int First, int Count, string Name, UnitNameEntry[] Entries)
{
    public int End => First + Count;

    public bool Has(UnitNameKind kind) => Entries.Any(e => e.Kind == kind);
}

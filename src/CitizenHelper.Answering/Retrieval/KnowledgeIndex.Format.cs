namespace CitizenHelper.Answering.Retrieval;

/// <summary>
/// The index written as plain binary and read back exactly as it was built: every table with its entries in the same
/// order (so anything that walks a table walks it alike), each distinct word stored once. Reading it costs a fraction
/// of building it from the documents' text.
/// </summary>
public sealed partial class KnowledgeIndex
{
    /// <summary>Writes the built index; <see cref="Read"/> gives it back.</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var words = new WordTable();
        var body = new MemoryStream();
        using (var w = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            WriteMap(w, words, _byDeletion, (w, list) => WriteWords(w, words, list));
            WriteWords(w, words, _vocabulary);
            WriteWords(w, words, _pairs);
            WriteWords(w, words, _everydayPairs);
            WriteMap(w, words, _following, (w, set) => WriteWords(w, words, set));
            WriteMap(w, words, _preceding, (w, set) => WriteWords(w, words, set));
            WriteMap(w, words, _idf, (w, rarity) =>
            {
                w.Write(rarity.Idf);
                w.Write(rarity.Keys);
            });
            WriteWords(w, words, _catalogKeys);
            WriteWords(w, words, _places);
            w.Write(_unknownIdf);
            WriteWords(w, words, _keys);
            WriteList(w, _nameOwner, (w, owner) => w.Write(owner));
            WriteList(w, _nameWeight, (w, weight) => w.Write(weight));
            WriteMap(w, words, _namePostings, WritePostings);
            WriteMap(w, words, _descriptionPostings, WritePostings);
            WriteMap(w, words, _anyNamePostings, WritePostings);
            WriteMap(w, words, _fullTextPostings, WritePostings);
            WriteMap(w, words, _namePhrases, (w, list) => WriteWords(w, words, list));
        }
        writer.Write(words.All.Count);
        foreach (var word in words.All)
        {
            writer.Write(word);
        }
        writer.Write(body.GetBuffer(), 0, (int)body.Length);
    }

    /// <summary>The index <see cref="Write"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The data is not what <see cref="Write"/> writes.</exception>
    public static KnowledgeIndex Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            var words = new string[TableLength(reader)];
            for (var i = 0; i < words.Length; i++)
            {
                words[i] = reader.ReadString();
            }
            var r = reader;
            var index = new KnowledgeIndex();
            ReadMap(r, words, index._byDeletion, r => ReadWords(r, words));
            ReadInto(r, words, index._vocabulary);
            ReadInto(r, words, index._pairs);
            ReadInto(r, words, index._everydayPairs);
            ReadMap(r, words, index._following, r => ReadSet(r, words));
            ReadMap(r, words, index._preceding, r => ReadSet(r, words));
            ReadMap(r, words, index._idf, r => new TermRarity(r.ReadDouble(), r.ReadInt32()));
            ReadInto(r, words, index._catalogKeys);
            ReadInto(r, words, index._places);
            index._unknownIdf = r.ReadDouble();
            index._keys = [.. ReadWords(r, words)];
            for (var k = 0; k < index._keys.Length; k++)
            {
                index._keyIds.Add(index._keys[k], k);
            }
            index._nameOwner = [.. ReadList(r, r => r.ReadInt32())];
            index._nameWeight = [.. ReadList(r, r => r.ReadDouble())];
            ReadMap(r, words, index._namePostings, ReadPostings);
            ReadMap(r, words, index._descriptionPostings, ReadPostings);
            ReadMap(r, words, index._anyNamePostings, ReadPostings);
            ReadMap(r, words, index._fullTextPostings, ReadPostings);
            ReadMap(r, words, index._namePhrases, r => ReadWords(r, words));
            return index;
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or IndexOutOfRangeException or FormatException)
        {
            throw new InvalidDataException("Not a knowledge index of this format.", e);
        }
    }

    /// <summary>Each distinct string once, numbered in order of first use.</summary>
    private sealed class WordTable
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

        public List<string> All { get; } = [];

        public int Id(string word)
        {
            if (!_ids.TryGetValue(word, out var id))
            {
                _ids[word] = id = All.Count;
                All.Add(word);
            }
            return id;
        }
    }

    private static void WriteMap<T>(BinaryWriter w, WordTable words, Dictionary<string, T> map, Action<BinaryWriter, T> write)
    {
        w.Write(map.Count);
        foreach (var (key, value) in map)
        {
            w.Write(words.Id(key));
            write(w, value);
        }
    }

    private static void ReadMap<T>(BinaryReader r, string[] words, Dictionary<string, T> map, Func<BinaryReader, T> read)
    {
        var count = TableLength(r);
        map.EnsureCapacity(count);
        for (var i = 0; i < count; i++)
        {
            map.Add(words[r.ReadInt32()], read(r));
        }
    }

    private static void WriteList<T>(BinaryWriter w, IReadOnlyCollection<T> items, Action<BinaryWriter, T> write)
    {
        w.Write(items.Count);
        foreach (var item in items)
        {
            write(w, item);
        }
    }

    private static List<T> ReadList<T>(BinaryReader r, Func<BinaryReader, T> read)
    {
        var count = TableLength(r);
        var items = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(read(r));
        }
        return items;
    }

    private static void WriteWords(BinaryWriter w, WordTable words, IReadOnlyCollection<string> items) => WriteList(w, items, (w, word) => w.Write(words.Id(word)));

    private static List<string> ReadWords(BinaryReader r, string[] words) => ReadList(r, r => words[r.ReadInt32()]);

    private static HashSet<string> ReadSet(BinaryReader r, string[] words)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        ReadInto(r, words, set);
        return set;
    }

    private static void ReadInto(BinaryReader r, string[] words, HashSet<string> set)
    {
        var count = TableLength(r);
        set.EnsureCapacity(count);
        for (var i = 0; i < count; i++)
        {
            set.Add(words[r.ReadInt32()]);
        }
    }

    private static void WritePostings(BinaryWriter w, List<int> postings) => WriteList(w, postings, (w, posting) => w.Write(posting));

    private static List<int> ReadPostings(BinaryReader r) => ReadList(r, r => r.ReadInt32());

    // A count larger than what is left of the data is a corrupt file, not a reason to allocate.
    private static int TableLength(BinaryReader r)
    {
        var count = r.ReadInt32();
        return count >= 0 && count <= r.BaseStream.Length - r.BaseStream.Position
            ? count
            : throw new InvalidDataException("a table longer than the data");
    }
}

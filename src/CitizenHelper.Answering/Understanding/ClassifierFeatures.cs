using System.Globalization;
using System.Text;
using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Answering.Text;

namespace CitizenHelper.Answering.Understanding;

/// <summary>What <see cref="QuestionClassifier"/> reads of a question: its features, each a 64-bit hash.</summary>
internal static class ClassifierFeatures
{
    private const int MaxLetters = 160;

    /// <summary>
    /// The question's words as the index reads them, adjacent word pairs within a clause, letter groups of three and
    /// four, and one mark per word the knowledge base does not use: "nuôi chim yến" is about something no document
    /// covers, however well "giấy phép" matches one. Each feature is kept as a 64-bit hash of its kind and text, so
    /// reading a question allocates no strings for them.
    /// </summary>
    public static HashSet<ulong> Of(string text, KnowledgeIndex index)
    {
        var words = index.Words(text);
        var features = new HashSet<ulong>();
        var unknown = 0;
        var joined = new StringBuilder(" ");
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i] == QueryText.Boundary)
            {
                continue;
            }
            joined.Append(words[i]).Append(' ');
            features.Add(Hash('w', words[i], ""));
            if (!index.Knows(words[i]))
            {
                features.Add(Hash('u', unknown++.ToString(CultureInfo.InvariantCulture), ""));
            }
            if (i + 1 < words.Length && words[i + 1] != QueryText.Boundary)
            {
                features.Add(Hash('p', words[i], words[i + 1]));
            }
        }
        // Letter groups spell out how a word is typed; the opening of a long text (a portal record's full title runs to
        // 500 letters) says enough, and each letter group more is one more weight per document to train.
        var letters = joined.Length <= MaxLetters ? joined.ToString() : joined.ToString(0, MaxLetters);
        for (var n = 3; n <= 4; n++)
        {
            for (var i = 0; i + n <= letters.Length; i++)
            {
                features.Add(Hash('c', letters.AsSpan(i, n), ""));
            }
        }
        return features;
    }

    /// <summary>FNV-1a over the kind and the text's parts (64 bits: collisions among a few tens of thousands of features are negligible).</summary>
    public static ulong Hash(char kind, ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        const ulong Prime = 1099511628211;
        var hash = 14695981039346656037 ^ kind;
        hash *= Prime;
        foreach (var c in first)
        {
            hash = (hash ^ c) * Prime;
        }
        hash = (hash ^ ' ') * Prime;
        foreach (var c in second)
        {
            hash = (hash ^ c) * Prime;
        }
        return hash;
    }
}

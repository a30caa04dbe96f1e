using CitizenHelper.Answering.Text;

namespace CitizenHelper.Answering.Retrieval;

public sealed partial class KnowledgeIndex
{
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

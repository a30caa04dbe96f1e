using System.Globalization;
using CitizenHelper.Knowledge;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace CitizenHelper.Bench;

/// <summary>One Lucene hit: the document key (procedure code, <c>help/ID</c> or catalog code) and its BM25 score.</summary>
internal sealed record Bm25Hit(string Key, float Score);

/// <summary>
/// Lucene.Net BM25 over knowledge documents, one Lucene document per key (both languages of a document together):
/// the names (title and aliases) boosted 3×, the summary 1.5×, the section lines 1×. Text is folded the way ours is
/// (lower case, diacritics removed, đ → d) so BM25 is not handicapped by accents.
/// </summary>
internal sealed class Bm25Index : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private static readonly (string Field, float Boost)[] Fields = [("name", 3f), ("summary", 1.5f), ("body", 1f)];

    private readonly RAMDirectory _directory = new();
    private readonly Analyzer _analyzer = new FoldingAnalyzer();
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;

    public Bm25Index(IEnumerable<KnowledgeDocument> documents)
    {
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(Version, _analyzer) { Similarity = new BM25Similarity() }))
        {
            foreach (var group in documents.GroupBy(d => d.Key, StringComparer.Ordinal))
            {
                var document = new Document { new StringField("key", group.Key, Field.Store.YES) };
                foreach (var version in group)
                {
                    document.Add(new TextField("name", string.Join(" \n ", version.Aliases.Prepend(version.Title)), Field.Store.NO));
                    document.Add(new TextField("summary", version.Summary, Field.Store.NO));
                    document.Add(new TextField("body", string.Join("\n", version.Sections.Values.SelectMany(s => s.Lines)), Field.Store.NO));
                }
                writer.AddDocument(document);
            }
            writer.Commit();
        }
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
    }

    public int Count => _reader.NumDocs;

    /// <summary>The best <paramref name="top"/> documents: each query term a SHOULD clause on every field, with its boost.</summary>
    public IReadOnlyList<Bm25Hit> Search(string text, int top)
    {
        var query = new BooleanQuery();
        foreach (var (field, boost) in Fields)
        {
            using var stream = _analyzer.GetTokenStream(field, text);
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                query.Add(new TermQuery(new Term(field, term.ToString())) { Boost = boost }, Occur.SHOULD);
            }
            stream.End();
        }
        // A question of many words would pass Lucene's default of 1,024 clauses (3 per word).
        if (query.Clauses.Count == 0 || query.Clauses.Count > BooleanQuery.MaxClauseCount)
        {
            return [];
        }
        return [.. _searcher.Search(query, top).ScoreDocs.Select(d => new Bm25Hit(_searcher.Doc(d.Doc).Get("key", CultureInfo.InvariantCulture), d.Score))];
    }

    public void Dispose()
    {
        _reader.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }

    /// <summary>Standard tokenizer, lower case, ASCII folding (đ → d): Lucene's equivalent of our folding.</summary>
    private sealed class FoldingAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var tokenizer = new StandardTokenizer(Version, reader);
            TokenStream stream = new LowerCaseFilter(Version, tokenizer);
            stream = new ASCIIFoldingFilter(stream);
            return new TokenStreamComponents(tokenizer, stream);
        }
    }
}

using Microsoft.SemanticKernel.Data;

namespace CitizenHelper.Answering.Retrieval;

/// <summary>One search hit: a document (procedure code or <c>help/ID</c>), how well it matched, and where its file is.</summary>
public sealed record DocumentHit(string Key, string Title, string Summary, string DocumentPath, double Score, double Coverage);

/// <summary>
/// The knowledge base as a Semantic Kernel <see cref="ITextSearch{TRecord}"/>, so retrieval plugs into SK's
/// conventions (text-search plugins, prompt functions, LINQ filters over <see cref="DocumentHit"/>).
/// </summary>
public sealed class KnowledgeTextSearch(KnowledgeProvider knowledge) : ITextSearch<DocumentHit>
{
    public Task<KernelSearchResults<DocumentHit>> GetSearchResultsAsync(string query, TextSearchOptions<DocumentHit>? searchOptions = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new KernelSearchResults<DocumentHit>(Search(query, searchOptions).ToAsyncEnumerable()));

    public Task<KernelSearchResults<TextSearchResult>> GetTextSearchResultsAsync(string query, TextSearchOptions<DocumentHit>? searchOptions = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new KernelSearchResults<TextSearchResult>(Search(query, searchOptions)
            .Select(h => new TextSearchResult(h.Summary) { Name = $"{h.Key} {h.Title}", Link = h.DocumentPath })
            .ToAsyncEnumerable()));

    public Task<KernelSearchResults<string>> SearchAsync(string query, TextSearchOptions<DocumentHit>? searchOptions = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new KernelSearchResults<string>(Search(query, searchOptions).Select(h => $"{h.Key} {h.Title}: {h.Summary}").ToAsyncEnumerable()));

    /// <summary>The hits, best first, as plain values (what the pipeline's retrieval step uses).</summary>
    public IReadOnlyList<DocumentHit> Search(string query, TextSearchOptions<DocumentHit>? options)
    {
        var snapshot = knowledge.Current;
        var top = options?.Top ?? TextSearchOptions<DocumentHit>.DefaultTop;
        var skip = options?.Skip ?? 0;
        var filter = options?.Filter?.Compile();
        var hits = new List<DocumentHit>();
        // Without a filter only the first top + skip can be returned; with one, every match may be needed.
        foreach (var scored in snapshot.Index.Search(query, filter is null ? top + skip : snapshot.Index.Count))
        {
            if (snapshot.Base.FindDocument(scored.Key, "vi") is not { } document)
            {
                continue;
            }
            var hit = new DocumentHit(document.Key, document.Title, document.Summary, document.SourcePath, scored.Score, scored.Coverage);
            if (filter is null || filter(hit))
            {
                hits.Add(hit);
            }
        }
        return [.. hits.Skip(skip).Take(top)];
    }
}

using Microsoft.SemanticKernel.Data;

namespace CitizenHelper.Answering.Retrieval;

/// <summary>One search hit: a procedure, how well it matched, and where its document is.</summary>
public sealed record ProcedureHit(string Code, string Title, string Field, string Summary, string DocumentPath, double Score);

/// <summary>
/// The knowledge base as a Semantic Kernel <see cref="ITextSearch{TRecord}"/>, so retrieval plugs into SK's
/// conventions (text-search plugins, prompt functions, LINQ filters over <see cref="ProcedureHit"/>).
/// </summary>
public sealed class KnowledgeTextSearch(KnowledgeProvider knowledge) : ITextSearch<ProcedureHit>
{
    public Task<KernelSearchResults<ProcedureHit>> GetSearchResultsAsync(string query, TextSearchOptions<ProcedureHit>? searchOptions = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new KernelSearchResults<ProcedureHit>(Search(query, searchOptions).ToAsyncEnumerable()));

    public Task<KernelSearchResults<TextSearchResult>> GetTextSearchResultsAsync(string query, TextSearchOptions<ProcedureHit>? searchOptions = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new KernelSearchResults<TextSearchResult>(Search(query, searchOptions)
            .Select(h => new TextSearchResult(h.Summary) { Name = $"{h.Code} {h.Title}", Link = h.DocumentPath })
            .ToAsyncEnumerable()));

    public Task<KernelSearchResults<string>> SearchAsync(string query, TextSearchOptions<ProcedureHit>? searchOptions = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new KernelSearchResults<string>(Search(query, searchOptions).Select(h => $"{h.Code} {h.Title}: {h.Summary}").ToAsyncEnumerable()));

    /// <summary>The hits, best first, as plain values (what the pipeline's retrieval step uses).</summary>
    public IReadOnlyList<ProcedureHit> Search(string query, TextSearchOptions<ProcedureHit>? options)
    {
        var snapshot = knowledge.Current;
        var top = options?.Top ?? TextSearchOptions<ProcedureHit>.DefaultTop;
        var skip = options?.Skip ?? 0;
        var filter = options?.Filter?.Compile();
        var hits = new List<ProcedureHit>();
        foreach (var scored in snapshot.Index.Search(query, snapshot.Index.Count))
        {
            if (snapshot.Base.Find(scored.Code, "vi") is not { } procedure)
            {
                continue;
            }
            var hit = new ProcedureHit(procedure.Code, procedure.Title, procedure.Field, procedure.Summary, procedure.SourcePath, scored.Score);
            if (filter is null || filter(hit))
            {
                hits.Add(hit);
            }
        }
        return [.. hits.Skip(skip).Take(top)];
    }
}

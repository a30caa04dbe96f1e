using System.ComponentModel;
using CitizenHelper.Answering.Retrieval;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Data;

namespace CitizenHelper.Answering.Plugins;

/// <summary>The knowledge base as kernel functions, for an LLM to call: search procedures, read one facet of one procedure.</summary>
public sealed class KnowledgePlugin(ITextSearch<DocumentHit> search, KnowledgeProvider knowledge)
{
    public const string Name = "knowledge";

    [KernelFunction("search_procedures")]
    [Description("Finds the administrative procedures a citizen's question is about. Returns code, title and match score, best first.")]
    public async Task<IReadOnlyList<DocumentHit>> SearchProceduresAsync(
        [Description("The citizen's question, in Vietnamese or English")] string query,
        CancellationToken cancellationToken = default)
    {
        var results = await search.GetSearchResultsAsync(query, new TextSearchOptions<DocumentHit> { Top = 5 }, cancellationToken).ConfigureAwait(false);
        var hits = new List<DocumentHit>();
        await foreach (var hit in results.Results.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            hits.Add(hit);
        }
        return hits;
    }

    [KernelFunction("get_procedure_facet")]
    [Description("Returns one section of a procedure's knowledge document: steps, documents, fee, time, where, result, online or notes.")]
    public IReadOnlyList<string> GetProcedureFacet(
        [Description("National procedure code, e.g. 1.001193, or help/ID for a help topic")] string code,
        [Description("Section id: steps, documents, fee, time, where, result, online, notes")] string facet,
        [Description("vi or en")] string language)
    {
        var document = knowledge.Current.Base.FindDocument(code, language);
        return document?.Section(facet)?.Lines ?? [];
    }
}

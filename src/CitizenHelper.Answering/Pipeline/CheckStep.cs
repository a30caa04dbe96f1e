using System.Text.RegularExpressions;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>
/// The last guard before an answer leaves: it must cite its document, and every number in it (fees, days,
/// counts) must appear in that document. Otherwise the question goes to staff rather than risk a wrong fact.
/// </summary>
public sealed partial class CheckStep : IAnswerStep
{
    // Citation markers, link definitions, and the numbers of a numbered list: the composer's, not facts.
    [GeneratedRegex(@"^\[\d+\]: .*$|\[\d+\]|^\d+\. ", RegexOptions.Multiline)]
    private static partial Regex CitationMarker();

    // A whole number with its thousands and decimal separators ("8.120", "1,5"), so an invented "8.120 đồng" is not
    // passed for a document that has "8" and "120" apart. Either separator counts as the other: a translation may
    // write the record's "50.000" as "50,000".
    [GeneratedRegex(@"\d+(?:[.,]\d+)*")]
    private static partial Regex Number();

    private static string Canonical(Match number) => number.Value.Replace(',', '.');

    public ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Draft is not { } draft)
        {
            return ValueTask.CompletedTask;
        }
        var document = draft.DocumentKey is null ? null : context.Knowledge.Base.FindDocument(draft.DocumentKey, draft.Language);
        if (document is not null && draft.Citations.Count > 0 && NumbersComeFrom(draft.Text, document))
        {
            context.Answer = draft;
        }
        else
        {
            context.Escalation = EscalationReason.LowConfidence;
        }
        context.Draft = null;
        return ValueTask.CompletedTask;
    }

    // The numbers of each document, worked out once per loaded document (a reload brings new document objects).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<KnowledgeDocument, HashSet<string>> KnownNumbers = [];

    public static bool NumbersComeFrom(string answer, KnowledgeDocument document)
    {
        var known = KnownNumbers.GetValue(document, d => Number().Matches(DocumentText(d)).Select(Canonical).ToHashSet(StringComparer.Ordinal));
        return Number().Matches(CitationMarker().Replace(answer, " ")).All(m => known.Contains(Canonical(m)));
    }

    /// <summary>What a catalog card may say: the entry's names and agencies, its portal link, and its record's agencies and date.</summary>
    private static IEnumerable<string> CatalogText(CatalogProcedure entry) =>
        [.. entry.Categories, .. entry.Departments, entry.Publisher ?? "", entry.Province ?? "", entry.PortalUrl.ToString(),
            .. entry.Record?.Agencies ?? [], entry.Record?.Updated?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? ""];

    private static string DocumentText(KnowledgeDocument document) => string.Join('\n',
        new[] { document.Key, document.Title, document.Summary, document.Verified.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }
            .Concat(document is Procedure procedure ? procedure.LegalBasis : [])
            .Concat(document is CatalogProcedure entry ? CatalogText(entry) : [])
            .Concat(document.Sections.Values.SelectMany(s => s.Lines.Prepend(s.Heading))));
}

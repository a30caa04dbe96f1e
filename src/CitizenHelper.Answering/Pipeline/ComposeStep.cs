using System.Globalization;
using System.Text;
using CitizenHelper.Answering.Composition;
using CitizenHelper.Answering.Text;
using CitizenHelper.Knowledge;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>
/// Composes the answer from the chosen document's own sections — the facets asked for; by default a procedure's
/// documents or a help topic's steps — in the question's language, with a [1] citation to the document.
/// </summary>
public sealed class ComposeStep(IOptions<AnsweringOptions> options) : IAnswerStep
{
    public ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.DocumentKey is not { } key || context.Escalation is not null)
        {
            return ValueTask.CompletedTask;
        }
        var document = context.Knowledge.Base.FindDocument(key, context.Language);
        if (context.RequestedLanguage is { } wanted && context.Knowledge.Base.FindDocument(key, wanted) is { } own && own.Language == wanted)
        {
            // The knowledge base has the document in the citizen's own language: nothing to translate.
            document = own;
            context.RequestedLanguage = null;
        }
        if (document is null)
        {
            context.Escalation = EscalationReason.NoMatch;
            return ValueTask.CompletedTask;
        }

        if (document is CatalogProcedure entry)
        {
            if (Understanding.Wrongdoing.Named(context.Question.Text))
            {
                context.Escalation = EscalationReason.NoMatch; // "làm bằng lái giả": staff, not the procedure's card
                return ValueTask.CompletedTask;
            }
            context.Draft = CatalogCard(context, entry);
            return ValueTask.CompletedTask;
        }

        var facets = ChooseFacets(context, document);
        var texts = AnswerTexts.For(document.Language);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"**{document.Title}** [1]\n");
        if (document is Procedure { Province: { } province })
        {
            // A province's own version: say which, so a citizen elsewhere knows it may not be theirs.
            text.Append(string.Format(CultureInfo.InvariantCulture, texts.CatalogCard.Province, Knowledge.Text.ProvinceNames.Plain(province))).Append('\n');
        }
        foreach (var facet in facets)
        {
            if (document.Section(facet) is not { } section)
            {
                continue;
            }
            text.Append(CultureInfo.InvariantCulture, $"\n**{section.Heading}:**\n");
            var numbered = facet == SectionIds.Steps;
            // An approved question and answer: that item alone, not the whole notes section.
            var lines = facet == SectionIds.Notes && context.FaqLine is { } faq && section.Lines.Contains(faq) ? [faq] : section.Lines;
            for (var i = 0; i < lines.Count; i++)
            {
                text.Append(numbered ? $"{i + 1}. " : "- ").Append(lines[i]).Append('\n');
            }
        }
        var source = document is Procedure { LegalBasis.Count: > 0 } procedure
            ? $"{procedure.Title} ({procedure.Code}); {procedure.LegalBasis[0]}"
            : document.Title;
        var citation = CitationFor(document, options.Value.PublicBaseUrl);
        text.Append('\n').Append(string.Format(CultureInfo.InvariantCulture, texts.SourceLine, source, document.Verified));
        // A Markdown link definition for the marker: Web Chat renders it, with the citation entity, as its reference list.
        text.Append("\n\n").Append(CultureInfo.InvariantCulture, $"[1]: {citation.Url} \"{citation.Title.Replace("\"", "'", StringComparison.Ordinal)}\"");

        context.State = context.State with { PendingChoices = [] };
        context.Draft = new Answer
        {
            Outcome = AnswerOutcome.Answered,
            Text = text.ToString(),
            Language = document.Language,
            DocumentKey = document.Key,
            Facets = facets,
            Citations = [citation],
            Suggestions = [.. texts.FacetButtons
                .Where(b => !facets.Contains(b.Key) && document.Section(b.Key) is not null)
                .Select(b => new SuggestedReply(b.Value, b.Value))
                .Append(new SuggestedReply(texts.AskStaffButton, texts.AskStaffButton))],
        };
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// What the national catalog says of a procedure we have no document for: its name, who handles it (for a
    /// province's own version, that province), how to submit (the portal link; online when its record says so), and
    /// whether the commune's center receives the dossier (only when a full record says so). Never a fee, time or
    /// document list: the catalog has none.
    /// </summary>
    private static Answer CatalogCard(AnswerContext context, CatalogProcedure entry)
    {
        var words = AnswerTexts.For(context.Language).CatalogCard;
        var record = entry.Record;
        string List(IReadOnlyList<string> items) => items.Count > 0 ? string.Join("; ", items) : words.NotStated;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"**{entry.Title}** ({entry.Code}) [1]\n\n");
        text.Append(CultureInfo.InvariantCulture, $"- {words.HandledBy}: {List(entry.Departments.Count > 0 ? entry.Departments : record?.Agencies ?? [])}\n");
        if (entry.Province is { } province)
        {
            text.Append("- ").Append(string.Format(CultureInfo.InvariantCulture, words.Province, province)).Append('\n');
        }
        else if (entry.Departments.Count == 0 && entry.Publisher is { } publisher)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {words.PublishedBy}: {publisher}\n");
        }
        if (entry.Categories.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {words.Field}: {List(entry.Categories)}\n");
        }
        text.Append("- ").Append(record is { Online: true }
            ? string.Format(CultureInfo.InvariantCulture, words.SubmitOnline, record.FullyOnline ? words.FullyOnline : "", entry.PortalUrl)
            : string.Format(CultureInfo.InvariantCulture, words.Submit, entry.PortalUrl)).Append('\n');
        if (record is { CommuneCenterReceives: true })
        {
            text.Append("- ").Append(words.CommuneCenter).Append('\n');
        }
        if (record is { Level: not HandlingLevel.Unknown and not HandlingLevel.Commune })
        {
            var level = record.Level == HandlingLevel.Province ? words.ProvinceLevel : words.Ministry;
            text.Append("- ").Append(string.Format(CultureInfo.InvariantCulture, words.RecordLevel, level, List(record.Agencies))).Append('\n');
        }
        text.Append('\n').Append(words.NoDetails).Append("\n\n");
        text.Append(record is { Updated: { } updated }
            ? string.Format(CultureInfo.InvariantCulture, words.RecordSource, entry.Code, updated, entry.Verified)
            : string.Format(CultureInfo.InvariantCulture, words.CatalogSource, entry.Verified));
        text.Append(CultureInfo.InvariantCulture, $"\n\n[1]: {entry.PortalUrl} \"{entry.Title.Replace("\"", "'", StringComparison.Ordinal)}\"");
        context.State = context.State with { PendingChoices = [] };
        var texts = AnswerTexts.For(context.Language);
        return new Answer
        {
            Outcome = AnswerOutcome.Answered,
            Text = text.ToString(),
            Language = context.Language,
            DocumentKey = entry.Key,
            Citations = [new Citation(entry.Title, entry.SourcePath, entry.PortalUrl, string.Join("; ", entry.Categories), record?.Updated ?? entry.Verified)],
            Suggestions = [new SuggestedReply(texts.AskStaffButton, texts.AskStaffButton)],
        };
    }

    public static Citation CitationFor(KnowledgeDocument document, string publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(document);
        var url = new Uri($"{publicBaseUrl.TrimEnd('/')}{document.PagePath}");
        var abstractText = document is Procedure procedure
            ? $"{document.Summary} — {string.Join("; ", procedure.LegalBasis)}"
            : document.Summary;
        return new Citation(document.Title, document.SourcePath, url, abstractText, document.Verified);
    }

    private static List<string> ChooseFacets(AnswerContext context, KnowledgeDocument document)
    {
        var asked = context.Facets.Count > 0
            ? context.Facets
            : context.State.PendingChoices.Count > 0 ? context.State.LastFacets : [];
        var available = asked.Where(f => document.Section(f) is not null).ToList();
        if (available.Count > 0)
        {
            return available;
        }
        return [document is HelpTopic ? SectionIds.Steps : SectionIds.Documents];
    }
}

using System.Globalization;
using System.Text;
using CitizenHelper.Answering.Composition;
using CitizenHelper.Knowledge;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>
/// Composes the answer from the chosen procedure's own sections (the facets asked for, documents by default),
/// in the question's language, with a [1] citation to the document.
/// </summary>
public sealed class ComposeStep(IOptions<AnsweringOptions> options) : IAnswerStep
{
    private static readonly string[] DefaultFacets = [SectionIds.Documents];

    public ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ProcedureCode is not { } code || context.Escalation is not null)
        {
            return ValueTask.CompletedTask;
        }
        var procedure = context.Knowledge.Base.Find(code, context.Language);
        if (procedure is null)
        {
            context.Escalation = EscalationReason.NoMatch;
            return ValueTask.CompletedTask;
        }

        var facets = ChooseFacets(context);
        var texts = AnswerTexts.For(procedure.Language);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"**{procedure.Title}** [1]\n");
        foreach (var facet in facets)
        {
            if (procedure.Section(facet) is not { } section)
            {
                continue;
            }
            text.Append(CultureInfo.InvariantCulture, $"\n**{section.Heading}:**\n");
            var numbered = facet == SectionIds.Steps;
            for (var i = 0; i < section.Lines.Count; i++)
            {
                text.Append(numbered ? $"{i + 1}. " : "- ").Append(section.Lines[i]).Append('\n');
            }
        }
        var legal = procedure.LegalBasis.Count > 0 ? $"{procedure.Title} ({procedure.Code}); {procedure.LegalBasis[0]}" : procedure.Title;
        text.Append('\n').Append(CultureInfo.InvariantCulture, $"[1] {string.Format(CultureInfo.InvariantCulture, texts.SourceLine, legal, procedure.Verified)}");

        context.State = context.State with { PendingChoices = [] };
        context.Draft = new Answer
        {
            Outcome = AnswerOutcome.Answered,
            Text = text.ToString(),
            Language = procedure.Language,
            ProcedureCode = procedure.Code,
            Facets = facets,
            Citations = [CitationFor(procedure, options.Value.PublicBaseUrl)],
            Suggestions = [.. texts.FacetButtons
                .Where(b => !facets.Contains(b.Key) && procedure.Section(b.Key) is not null)
                .Select(b => new SuggestedReply(b.Value, b.Value))
                .Append(new SuggestedReply(texts.AskStaffButton, texts.AskStaffButton))],
        };
        return ValueTask.CompletedTask;
    }

    public static Citation CitationFor(Procedure procedure, string publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        var url = new Uri($"{publicBaseUrl.TrimEnd('/')}/kb/{procedure.Code}/{procedure.Language}");
        var abstractText = $"{procedure.Summary} — {string.Join("; ", procedure.LegalBasis)}";
        return new Citation(procedure.Title, procedure.SourcePath, url, abstractText, procedure.Verified);
    }

    private static IReadOnlyList<string> ChooseFacets(AnswerContext context)
    {
        if (context.Facets.Count > 0)
        {
            return context.Facets;
        }
        if (context.State.PendingChoices.Count > 0 && context.State.LastFacets.Count > 0)
        {
            return context.State.LastFacets;
        }
        return DefaultFacets;
    }
}

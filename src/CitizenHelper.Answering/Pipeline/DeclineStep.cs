using System.Globalization;
using CitizenHelper.Answering.Composition;
using CitizenHelper.Knowledge;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>
/// Declines wrongdoing (<see cref="Refusal.Wrongdoing"/>, set by <see cref="GuardStep"/>) with the lawful way: the
/// procedure the request names, when the search finds one well enough, is cited and offered as a button that asks
/// for it. Never an answer about that procedure itself: its facts come only when the citizen asks for it. Runs after
/// <see cref="RetrieveStep"/>.
/// </summary>
public sealed class DeclineStep(IOptions<AnsweringOptions> options) : IAnswerStep
{
    public ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Refusal != Refusal.Wrongdoing || context.Escalation is not null)
        {
            return ValueTask.CompletedTask;
        }
        var words = DeclineTexts.For(context.Language);
        var lawful = LawfulProcedure(context);
        var text = lawful is null
            ? $"{words.Refused}\n\n{words.NoLawfulMatch}"
            : $"{words.Refused}\n\n{string.Format(CultureInfo.InvariantCulture, words.LawfulWay, lawful.Title)}\n\n"
                + $"[1]: {lawful.Url} \"{lawful.Title.Replace("\"", "'", StringComparison.Ordinal)}\"";
        context.Answer = new Answer
        {
            // Not "Answered": nothing about the procedure was said, and the eval counts this as declined.
            Outcome = AnswerOutcome.SmallTalk,
            Text = text,
            Language = context.Language,
            Refusal = Refusal.Wrongdoing,
            Citations = lawful is null ? [] : [lawful],
            Suggestions = lawful is null ? [] : [new SuggestedReply(lawful.Title, lawful.Title)],
        };
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The best candidate when its name matches well (the wrongdoing words lower the coverage, so only the score
    /// counts): a knowledge-base procedure or a national catalog entry, in the question's language. Null otherwise.
    /// </summary>
    private Citation? LawfulProcedure(AnswerContext context)
    {
        if (context.Candidates.Count == 0 || context.Candidates[0] is not { } best || best.Score < options.Value.MinScore)
        {
            return null;
        }
        return context.Knowledge.Base.FindDocument(best.Key, context.Language) switch
        {
            CatalogProcedure entry => new Citation(entry.Title, entry.SourcePath, entry.PortalUrl, string.Join("; ", entry.Categories), entry.Verified),
            Procedure procedure => ComposeStep.CitationFor(procedure, options.Value.PublicBaseUrl),
            _ => null, // a help topic is no procedure to do lawfully
        };
    }
}

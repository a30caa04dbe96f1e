using System.Text;
using CitizenHelper.Answering;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Bot.Turns;

namespace CitizenHelper.Bot.Guided;

/// <summary>
/// The message for a session's place: a situation or a paper with its question, what is missing, a step, where to
/// go, the checklist to keep. Each glossary word is explained the first time it comes up. Every fact comes from the
/// procedure's own lines.
/// </summary>
public sealed class GuidedScreens(KnowledgeProvider knowledge, GuidedWords words, GuidedMessages messages, GuidedProgress progress)
{
    /// <summary>A message's text, its buttons, and what read-aloud says (the paper or step and the question, not headers, sources or links).</summary>
    private sealed record Screen(string Text, List<CardAction> Buttons, string? Speak = null);

    /// <summary>Sends the message for the session's current position, with its buttons.</summary>
    public async Task ShowAsync(ITurnContext turn, GuidedSession session, GuidedScript? script, CancellationToken cancellationToken, bool original = false)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (script is null)
        {
            await messages.SendAsync(turn, session, null, words.Text(session, "notFound"), [], cancellationToken).ConfigureAwait(false);
            return;
        }
        var screen = session.Stage switch
        {
            GuidedStage.Documents when GuidedMoves.AsksSituation(session, script) => Situation(session, script),
            GuidedStage.Documents => Paper(session, script),
            GuidedStage.Missing => Missing(session, script),
            GuidedStage.Steps => Step(session, script),
            GuidedStage.Where => Where(session, script),
            GuidedStage.Done => await DoneAsync(session, script, cancellationToken).ConfigureAwait(false),
            _ => new Screen(words.Text(session, "choose"), [words.Button(session, "stop", GuidedAction.Stop)]),
        };
        var text = screen.Text;
        var (explained, newSession) = Explanations(session, script, text, explainAll: false);
        if (explained.Length > 0)
        {
            text += "\n\n" + explained;
            await progress.SaveAsync(newSession, cancellationToken).ConfigureAwait(false);
        }
        await messages.SendAsync(turn, newSession, script, text, screen.Buttons, cancellationToken, original: original, speak: screen.Speak).ConfigureAwait(false);
    }

    /// <summary>
    /// Explanations of the glossary terms in a text: those not yet explained in the session (all of them when asked
    /// for), as "Term: meaning" lines under a heading. Returns the session with the terms marked as explained.
    /// </summary>
    public (string Text, GuidedSession Session) Explanations(GuidedSession session, GuidedScript script, string text, bool explainAll)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(script);
        var terms = PlainWords.TermsIn(text, script.Glossary)
            .Where(t => explainAll || !session.Explained.Contains(t.Id))
            .ToList();
        if (terms.Count == 0)
        {
            return ("", session);
        }
        var lines = new StringBuilder().Append('_').Append(words.Text(session, "termsHeader")).Append(":_\n");
        foreach (var term in terms)
        {
            lines.Append("- **").Append(PlainWords.ShortName(term)).Append("**: ").Append(term.Explanation).Append('\n');
        }
        return (lines.ToString().TrimEnd(), session with { Explained = [.. session.Explained.Union(terms.Select(t => t.Id))] });
    }

    /// <summary>The center of the commune or ward the resident named (a former name says which one it became today).</summary>
    public string UnitCard(GuidedSession session, UnitMention mention)
    {
        ArgumentNullException.ThrowIfNull(mention);
        var unit = mention.Unit;
        var unknown = words.Text(session, "unknown");
        var text = new StringBuilder();
        text.Append(mention.FormerName is { } former
            ? words.Format(session, "whereFormer", former, unit.Name, unit.Province)
            : words.Format(session, "whereUnit", unit.Name, unit.Province)).Append("\n\n");
        text.Append("- ").Append(words.Format(session, "center", unit.CenterName ?? unknown)).Append('\n')
            .Append("- ").Append(words.Format(session, "address", unit.Address is { } address && unit.AddressIsSeat ? words.Format(session, "seatAddress", address) : unit.Address ?? unknown)).Append('\n')
            .Append("- ").Append(words.Format(session, "hours", unit.Hours ?? (unit.ListLine > 0 ? words.Text(session, "unpublished") : unknown))).Append('\n')
            .Append("- ").Append(words.Format(session, "phone", unit.Phone ?? (unit.ListLine > 0 ? words.Text(session, "unpublished") : unknown))).Append('\n');
        if (unit.Sample)
        {
            text.Append('\n').Append(words.Text(session, "sampleData"));
        }
        return text.ToString();
    }

    /// <summary>A paper needed only in some situations: is this situation the resident's? Its papers come after.</summary>
    private Screen Situation(GuidedSession session, GuidedScript script)
    {
        var question = words.Format(session, "situationAsk", script.Documents[session.Index].Condition!);
        var text = $"**{words.Format(session, "documentHeader", session.Index + 1, script.Documents.Count)}**\n\n{question}";
        List<CardAction> buttons = [words.Button(session, "situationYes", GuidedAction.Mine), words.Button(session, "notMyCase", GuidedAction.NotMine)];
        if (session.Index > 0)
        {
            buttons.Add(words.Button(session, "back", GuidedAction.Back));
        }
        buttons.Add(words.Button(session, "stop", GuidedAction.Stop));
        return new Screen(text, buttons, question.Replace("**", "", StringComparison.Ordinal));
    }

    /// <summary>A paper: its name, copies and when it is needed; does the resident have it?</summary>
    private Screen Paper(GuidedSession session, GuidedScript script)
    {
        var item = script.Documents[session.Index];
        var text = new StringBuilder()
            .Append("**").Append(words.Format(session, "documentHeader", session.Index + 1, script.Documents.Count)).Append("**\n\n")
            .Append(string.Join("\n\n", item.Name)).Append("\n\n");
        if (item.Copies is not null)
        {
            text.Append(words.Format(session, "copies", item.Copies)).Append("\n\n");
        }
        if (item.Condition is not null)
        {
            text.Append(words.Format(session, "onlyWhen", item.Condition)).Append("\n\n");
        }
        text.Append(words.Text(session, "haveIt"));
        List<CardAction> buttons =
        [
            words.Button(session, "yes", GuidedAction.Yes),
            words.Button(session, "notYet", GuidedAction.NotYet),
            words.Button(session, "whatIsThis", GuidedAction.What),
        ];
        if (session.Index > 0 || item.Condition is not null)
        {
            buttons.Add(words.Button(session, "back", GuidedAction.Back));
        }
        buttons.Add(words.Button(session, "stop", GuidedAction.Stop));
        return new Screen(text.ToString(), buttons, string.Join(" ", item.Name.Append(words.Text(session, "haveIt"))));
    }

    /// <summary>The papers still missing, with what the procedure says about each, before the steps.</summary>
    private Screen Missing(GuidedSession session, GuidedScript script)
    {
        var text = new StringBuilder();
        var missing = session.Missing.Where(i => i < script.Documents.Count).ToList();
        if (missing.Count == 0)
        {
            text.Append(words.Text(session, "missingNone")).Append("\n\n");
        }
        else
        {
            text.Append(words.Format(session, "missingSome", missing.Count)).Append('\n');
            foreach (var index in missing)
            {
                var document = script.Documents[index];
                text.Append("- **").Append(document.Title).Append("**");
                if (document.Details.Count > 0)
                {
                    text.Append(". ").Append(string.Join(" ", document.Details));
                }
                text.Append('\n');
            }
            text.Append('\n').Append(words.Text(session, "missingHow")).Append("\n\n");
        }
        text.Append(words.Text(session, "missingThen")).Append("\n\n").Append(words.SourceLine(session, script));
        return new Screen(text.ToString(),
        [
            words.Button(session, "next", GuidedAction.Next),
            words.Button(session, "back", GuidedAction.Back),
            words.Button(session, "staff", GuidedAction.Staff),
            words.Button(session, "stop", GuidedAction.Stop),
        ]);
    }

    private Screen Step(GuidedSession session, GuidedScript script) => new(
        $"**{words.Format(session, "stepHeader", session.Index + 1, script.Steps.Count)}**\n\n{string.Join("\n\n", script.Steps[session.Index])}",
        [
            words.Button(session, "next", GuidedAction.Next),
            words.Button(session, "back", GuidedAction.Back),
            words.Button(session, "repeat", GuidedAction.Repeat),
            words.Button(session, "simpler", GuidedAction.Simpler),
            words.Button(session, "staff", GuidedAction.Staff),
            words.Button(session, "stop", GuidedAction.Stop),
        ],
        string.Join(" ", script.Steps[session.Index]));

    /// <summary>Where the procedure is done, then: which commune or ward does the resident live in?</summary>
    private Screen Where(GuidedSession session, GuidedScript script)
    {
        var text = new StringBuilder().Append(words.Text(session, "whereProcedure")).Append('\n');
        foreach (var line in script.Where)
        {
            text.Append("- ").Append(line).Append('\n');
        }
        text.Append('\n').Append(words.Text(session, "whereAsk"));
        return new Screen(text.ToString(),
        [
            words.Button(session, "skip", GuidedAction.Skip),
            words.Button(session, "back", GuidedAction.Back),
            words.Button(session, "stop", GuidedAction.Stop),
        ],
        words.Text(session, "whereAsk"));
    }

    /// <summary>The checklist, with the rating buttons and, when the resident switched guides halfway, the one left.</summary>
    private async Task<Screen> DoneAsync(GuidedSession session, GuidedScript script, CancellationToken cancellationToken)
    {
        List<CardAction> buttons =
        [
            words.Rating(session, helpful: true),
            words.Rating(session, helpful: false),
            words.Button(session, "back", GuidedAction.Back),
        ];
        // A guide left for this one (the resident switched procedures halfway) is offered again, not lost.
        if (await progress.LatestOpenAsync(session.ConversationId, cancellationToken).ConfigureAwait(false) is { ProcedureCode: { } earlier } other
            && other.Token != session.Token && knowledge.Current.Base.Find(earlier, session.Language) is { } earlierProcedure)
        {
            buttons.Add(GuidedButtons.Button(words.Format(session, "continueOther", GuidedWords.Shortened(earlierProcedure.Title)), GuidedAction.Continue, other));
        }
        return new Screen(Checklist(session, script), buttons);
    }

    /// <summary>The checklist to keep: papers (had, missing), where to go, the link to the printable page, the source.</summary>
    private string Checklist(GuidedSession session, GuidedScript script)
    {
        var text = new StringBuilder()
            .Append("**").Append(words.Format(session, "checklistHeader", script.Procedure.Title)).Append("**\n\n");
        if (script.Documents.Count > 0)
        {
            text.Append(words.Text(session, "checklistBring")).Append('\n');
            for (var i = 0; i < script.Documents.Count; i++)
            {
                var answer = i < session.Answers.Length ? session.Answers[i] : '.';
                if (answer == '-')
                {
                    continue;
                }
                var document = script.Documents[i];
                text.Append(answer == 'y' ? "- ✔ " : "- ☐ ").Append(document.Title);
                if (document.Copies is not null)
                {
                    text.Append(" (").Append(document.Copies.TrimEnd('.')).Append(')');
                }
                if (answer == 'n')
                {
                    text.Append(" — ").Append(words.Text(session, "checklistMissing"));
                }
                text.Append('\n');
            }
            text.Append('\n');
        }
        var unit = knowledge.Current.Base.UnitDirectory.Resolve(session.Unit);
        var where = unit is null ? (script.Where.Count > 0 ? script.Where[0] : null) : $"{unit.CenterName ?? unit.Name} ({unit.Name}, {unit.Province})";
        if (where is not null)
        {
            text.Append(words.Format(session, "checklistWhere", where)).Append("\n\n");
        }
        text.Append(words.Format(session, "checklistLink", GuidedWords.Link(words.ChecklistLink(session)))).Append("\n\n")
            .Append(words.SourceLine(session, script)).Append("\n\n")
            .Append(words.Text(session, "rateAsk"));
        return text.ToString();
    }
}

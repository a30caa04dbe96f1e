using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CitizenHelper.Answering;
using CitizenHelper.Answering.Composition;
using CitizenHelper.Answering.Llm;
using CitizenHelper.Answering.Pipeline;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Bot.Turns;
using CitizenHelper.Knowledge;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Bot.Guided;

/// <summary>
/// The guided walk through one procedure: the document checklist one item at a time, what is missing, the steps one
/// at a time, where to go, and a checklist to keep. Every move is saved before anything is sent, so a dropped
/// connection or another device picks up at the same place. Every fact comes from the procedure's own lines.
/// </summary>
public sealed partial class GuidedFlow(
    KnowledgeProvider knowledge,
    LanguagePackProvider packs,
    IGuidedSessionStore sessions,
    IEscalationSink escalations,
    TextTranslator translator,
    IOptions<AnsweringOptions> options,
    TimeProvider clock)
{
    /// <summary>Starts a guide for a procedure (stopping any other open one), or asks which procedure when none is given.</summary>
    public async Task StartAsync(ITurnContext turn, string conversationId, string? code, string language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var open = await sessions.LatestOpenAsync(conversationId, cancellationToken).ConfigureAwait(false);
        if (open is not null && open.ProcedureCode == code && code is not null)
        {
            await ContinueAsync(turn, open with { Stopped = false }, note: null, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (open is not null)
        {
            await SaveAsync(open with { Stopped = true }, cancellationToken).ConfigureAwait(false);
        }
        var now = clock.GetUtcNow();
        var session = new GuidedSession
        {
            Token = NewToken(),
            ConversationId = conversationId,
            // A language without a pack is kept: its texts fall back to Vietnamese, and the messages say so.
            Language = language.Length is >= 2 and <= 3 && language.All(char.IsAsciiLetterLower) ? language : LanguagePacks.Fallback,
            Stage = GuidedStage.Choosing,
            StartedAt = now,
            UpdatedAt = now,
        };
        if (code is null)
        {
            await SaveAsync(session, cancellationToken).ConfigureAwait(false);
            await SendAsync(turn, session, null, Text(session, "choose"), [Button(session, "stop", GuidedAction.Stop)], cancellationToken).ConfigureAwait(false);
            return;
        }
        await BeginAsync(turn, session, code, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A session in the choosing stage learnt its procedure: the introduction, then the first question.</summary>
    public async Task BeginAsync(ITurnContext turn, GuidedSession session, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var script = Script(session with { ProcedureCode = code });
        if (script is null)
        {
            await SendAsync(turn, session, null, Text(session, "notFound"), [], cancellationToken).ConfigureAwait(false);
            return;
        }
        session = session with
        {
            ProcedureCode = code,
            Stage = script.Documents.Count > 0 ? GuidedStage.Documents : GuidedStage.Steps,
            Index = 0,
            Answers = new string('.', script.Documents.Count),
            Stopped = false,
        };
        var intro = new StringBuilder()
            .Append(Format(session, "intro", script.Procedure.Title)).Append("\n\n");
        if (script.Documents.Count > 0)
        {
            intro.Append(Format(session, "introDocuments", script.Documents.Count)).Append("\n\n");
        }
        intro.Append(Format(session, "saveLink", Link(ResumeLink(session)))).Append("\n\n").Append(SourceLine(session, script));
        (var explained, session) = Explanations(session, script, intro.ToString(), explainAll: false);
        if (explained.Length > 0)
        {
            intro.Append("\n\n").Append(explained);
        }
        await SaveAsync(session, cancellationToken).ConfigureAwait(false);
        await SendAsync(turn, session, script, intro.ToString(), [], cancellationToken).ConfigureAwait(false);
        await ShowAsync(turn, session, script, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The session opened in this conversation again (a resume link, a reload, "continue"): where it stopped.</summary>
    public async Task ContinueAsync(ITurnContext turn, GuidedSession session, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        session = session with { Stopped = false };
        await SaveAsync(session, cancellationToken).ConfigureAwait(false);
        if (note is not null)
        {
            await SendAsync(turn, session, null, Text(session, note), [], cancellationToken).ConfigureAwait(false);
        }
        if (session.Stage == GuidedStage.Choosing)
        {
            await SendAsync(turn, session, null, Text(session, "choose"), [Button(session, "stop", GuidedAction.Stop)], cancellationToken).ConfigureAwait(false);
            return;
        }
        await ShowAsync(turn, session, Script(session), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A button (or its typed words) at the session's current position.</summary>
    public async Task ActAsync(ITurnContext turn, GuidedSession session, GuidedAction action, CancellationToken cancellationToken, string? term = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        var script = Script(session);
        if (script is null && session.Stage != GuidedStage.Choosing)
        {
            await SendAsync(turn, session, null, Text(session, "notFound"), [], cancellationToken).ConfigureAwait(false);
            await SaveAsync(session with { Stage = GuidedStage.Done }, cancellationToken).ConfigureAwait(false);
            return;
        }
        switch (action)
        {
            case GuidedAction.Stop:
                session = session with { Stopped = true };
                await SaveAsync(session, cancellationToken).ConfigureAwait(false);
                await SendAsync(turn, session, null, Text(session, "stopped"), [Button(session, "continue", GuidedAction.Continue)], cancellationToken).ConfigureAwait(false);
                return;
            case GuidedAction.Continue:
                await ContinueAsync(turn, session, note: null, cancellationToken).ConfigureAwait(false);
                return;
            case GuidedAction.Staff:
                await StaffAsync(turn, session, cancellationToken).ConfigureAwait(false);
                return;
            case GuidedAction.Original:
                await ShowAsync(turn, session, script, cancellationToken, original: true).ConfigureAwait(false);
                return;
            case GuidedAction.Term when script is not null:
                await TermAsync(turn, session, script, term, cancellationToken).ConfigureAwait(false);
                return;
            case GuidedAction.What or GuidedAction.Simpler when script is not null:
                session = session with { HelpRequests = session.HelpRequests + 1 };
                await SaveAsync(session, cancellationToken).ConfigureAwait(false);
                await ExplainAsync(turn, session, script, cancellationToken).ConfigureAwait(false);
                return;
        }
        if (script is null)
        {
            await ContinueAsync(turn, session, note: null, cancellationToken).ConfigureAwait(false);
            return;
        }
        var moved = Move(session, script, action);
        await SaveAsync(moved, cancellationToken).ConfigureAwait(false);
        await ShowAsync(turn, moved, script, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The resident typed where they live: the center for that commune or ward (a name merged away in 2025 finds
    /// today's), then the checklist. False when it names no commune and reads as a question: the caller answers it.
    /// </summary>
    public async Task<bool> WhereAsync(ITurnContext turn, GuidedSession session, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var script = Script(session);
        if (script is null)
        {
            await ContinueAsync(turn, session, null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        var lookup = AdministrativeUnits.Lookup(text, knowledge.Current.Base, session.Language);
        if (lookup is UnitChoice choice)
        {
            // Still at "where": the button the resident picks names the unit fully and comes back here.
            var question = UnitCards.Choice(choice, session.Language);
            await SendAsync(turn, session, script, question.Text,
                [.. question.Suggestions.Select(s => new CardAction { Type = "imBack", Title = s.Title, Value = JsonSerializer.SerializeToElement(s.Value) }), Button(session, "skip", GuidedAction.Skip)],
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        if ((lookup as UnitFound)?.Mention is not { } mention)
        {
            if (GuidedButtons.LooksLikeQuestion(text))
            {
                return false;
            }
            var shown = text.Length > 60 ? text[..60] + "…" : text;
            await SendAsync(turn, session, script, Format(session, "whereNotFound", shown),
                [Button(session, "skip", GuidedAction.Skip), Button(session, "back", GuidedAction.Back), Button(session, "stop", GuidedAction.Stop)], cancellationToken).ConfigureAwait(false);
            return true;
        }
        session = session with { Unit = mention.Unit.Key, Stage = GuidedStage.Done };
        await SaveAsync(session, cancellationToken).ConfigureAwait(false);
        await SendAsync(turn, session, script, UnitCard(session, mention), [], cancellationToken, citeUnit: mention.Unit).ConfigureAwait(false);
        await ShowAsync(turn, session, script, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Something typed mid-guide was answered as a question: say where the guide is, and offer to go on (or switch).</summary>
    public async Task RemindAsync(ITurnContext turn, GuidedSession session, string? otherProcedure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var script = Script(session);
        var title = script?.Procedure.Title ?? session.ProcedureCode ?? "";
        if (otherProcedure is not null && knowledge.Current.Base.Find(otherProcedure, session.Language) is { } other)
        {
            await SendAsync(turn, session, null, Format(session, "switchOffer", title, Where(session, script), other.Title),
                [
                    Button(session, "continue", GuidedAction.Continue),
                    GuidedButtons.Button(Format(session, "guideFor", Short(other.Title)), GuidedAction.Start, session, other.Code),
                    Button(session, "stop", GuidedAction.Stop),
                ], cancellationToken).ConfigureAwait(false);
            return;
        }
        await SendAsync(turn, session, null, Format(session, "reminder", title, Where(session, script)),
            [Button(session, "continue", GuidedAction.Continue), Button(session, "stop", GuidedAction.Stop)], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A button from an earlier position or an ended guide: say so and show where things are now.</summary>
    public async Task StaleAsync(ITurnContext turn, GuidedSession? current, GuidedSession? pressed, string language, CancellationToken cancellationToken)
    {
        if (current is not null)
        {
            await SendAsync(turn, current, null, Text(current, "stale"), [], cancellationToken).ConfigureAwait(false);
            await ContinueAsync(turn, current, null, cancellationToken).ConfigureAwait(false);
            return;
        }
        var session = pressed ?? new GuidedSession { Token = "", ConversationId = "", Language = language };
        var buttons = pressed?.ProcedureCode is { } code ? new List<CardAction> { GuidedButtons.Button(Text(session, "startOver"), GuidedAction.Start, null, code) } : [];
        await SendAsync(turn, session, null, Text(session, "staleFinished"), buttons, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next position after an action; the same position when the action does not move.</summary>
    public static GuidedSession Move(GuidedSession session, GuidedScript script, GuidedAction action)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(script);
        var documents = script.Documents.Count;
        var steps = script.Steps.Count;
        GuidedSession AfterDocuments() => session with { Stage = GuidedStage.Missing, Index = 0 };
        GuidedSession AfterMissing() => steps > 0 ? session with { Stage = GuidedStage.Steps, Index = 0 } : session with { Stage = GuidedStage.Where, Index = 0 };
        GuidedSession BeforeSteps() => documents > 0 ? session with { Stage = GuidedStage.Missing, Index = 0 } : session;
        switch (session.Stage, action)
        {
            case (GuidedStage.Documents, GuidedAction.Yes or GuidedAction.NotYet or GuidedAction.NotMine or GuidedAction.Next or GuidedAction.Skip or GuidedAction.Mine)
                when action != GuidedAction.Mine || AsksSituation(session, script):
                var answers = session.Answers.PadRight(documents, '.').ToCharArray();
                var condition = session.Index < documents ? script.Documents[session.Index].Condition : null;
                if (AsksSituation(session, script))
                {
                    // The situation first: yes asks for its papers; no (or "not yet", typed) sets them all aside.
                    var mine = action is GuidedAction.Mine or GuidedAction.Yes;
                    for (var i = session.Index; i < documents; i++)
                    {
                        if (script.Documents[i].Condition == condition && answers[i] is '.' or '-' or 'c')
                        {
                            answers[i] = mine ? 'c' : '-';
                        }
                    }
                    session = session with { Answers = new string(answers) };
                    return mine ? session : NextPaper(session, script) ?? AfterDocuments();
                }
                if (session.Index < answers.Length && action is not (GuidedAction.Next or GuidedAction.Skip))
                {
                    answers[session.Index] = action switch { GuidedAction.Yes => 'y', GuidedAction.NotYet => 'n', _ => '-' };
                }
                session = session with { Answers = new string(answers) };
                return NextPaper(session, script) ?? AfterDocuments();
            case (GuidedStage.Documents, GuidedAction.Back):
                return PreviousPaper(session, script);
            case (GuidedStage.Missing, GuidedAction.Next or GuidedAction.Skip):
                return AfterMissing();
            case (GuidedStage.Missing, GuidedAction.Back):
                return documents > 0 ? session with { Stage = GuidedStage.Documents, Index = documents - 1 } : session;
            case (GuidedStage.Steps, GuidedAction.Next or GuidedAction.Skip):
                return session.Index + 1 < steps ? session with { Index = session.Index + 1 } : session with { Stage = GuidedStage.Where, Index = 0 };
            case (GuidedStage.Steps, GuidedAction.Back):
                return session.Index > 0 ? session with { Index = session.Index - 1 } : BeforeSteps();
            case (GuidedStage.Where, GuidedAction.Skip or GuidedAction.Next):
                return session with { Stage = GuidedStage.Done, Index = 0 };
            case (GuidedStage.Where, GuidedAction.Back):
                return steps > 0 ? session with { Stage = GuidedStage.Steps, Index = steps - 1 } : BeforeSteps();
            case (GuidedStage.Done, GuidedAction.Back):
                return session with { Stage = GuidedStage.Where, Index = 0 };
            default:
                return session; // Repeat, or a move that does not apply here: show the same place again.
        }
    }

    /// <summary>
    /// Whether the current paper is needed only in a situation the resident has not said is theirs: then the guide
    /// asks about the situation, not about the paper.
    /// </summary>
    public static bool AsksSituation(GuidedSession session, GuidedScript script)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(script);
        return session.Stage == GuidedStage.Documents && session.Index < script.Documents.Count
            && script.Documents[session.Index].Condition is not null
            && (session.Index >= session.Answers.Length || session.Answers[session.Index] is '.' or '-');
    }

    /// <summary>The next paper still to ask about (papers of a situation set aside are skipped), or null after the last.</summary>
    private static GuidedSession? NextPaper(GuidedSession session, GuidedScript script)
    {
        for (var i = session.Index + 1; i < script.Documents.Count; i++)
        {
            var answer = i < session.Answers.Length ? session.Answers[i] : '.';
            // Papers of a situation the resident said is not theirs are skipped; the situation itself is asked
            // again when the guide comes to it from before (after going back).
            if (answer != '-' || script.Documents[i].Condition is { } c && !SituationAnswered(session, script, i, c))
            {
                return session with { Index = i };
            }
        }
        return null;
    }

    private static bool SituationAnswered(GuidedSession session, GuidedScript script, int index, string condition) =>
        Enumerable.Range(0, index).Any(j => script.Documents[j].Condition == condition && j < session.Answers.Length && session.Answers[j] != '.');

    /// <summary>
    /// Back: from a situation's first paper to the situation question; from elsewhere to the paper before (a
    /// situation set aside is asked again, from its first paper).
    /// </summary>
    private static GuidedSession PreviousPaper(GuidedSession session, GuidedScript script)
    {
        var answers = session.Answers.PadRight(script.Documents.Count, '.').ToCharArray();
        var condition = script.Documents[session.Index].Condition;
        if (condition is not null && answers[session.Index] == 'c' && !Enumerable.Range(0, session.Index).Any(j => script.Documents[j].Condition == condition && answers[j] != '-'))
        {
            for (var i = session.Index; i < answers.Length; i++)
            {
                if (script.Documents[i].Condition == condition && answers[i] == 'c')
                {
                    answers[i] = '.';
                }
            }
            return session with { Answers = new string(answers) };
        }
        var previous = Math.Max(0, session.Index - 1);
        while (previous > 0 && answers[previous] == '-' && script.Documents[previous].Condition is { } c && script.Documents[previous - 1].Condition == c)
        {
            previous--;
        }
        return session with { Index = previous };
    }

    /// <summary>The message for the session's current position, with its buttons.</summary>
    private async Task ShowAsync(ITurnContext turn, GuidedSession session, GuidedScript? script, CancellationToken cancellationToken, bool original = false)
    {
        if (script is null)
        {
            await SendAsync(turn, session, null, Text(session, "notFound"), [], cancellationToken).ConfigureAwait(false);
            return;
        }
        var text = new StringBuilder();
        var buttons = new List<CardAction>();
        var explainAll = false;
        string? speak = null; // what read-aloud says: the paper or step and the question, not headers, sources or links
        switch (session.Stage)
        {
            case GuidedStage.Documents when AsksSituation(session, script):
                // A paper needed only in some situations: is this situation the resident's? Its papers come after.
                var situation = script.Documents[session.Index].Condition!;
                var question = Format(session, "situationAsk", situation);
                text.Append("**").Append(Format(session, "documentHeader", session.Index + 1, script.Documents.Count)).Append("**\n\n")
                    .Append(question);
                speak = question.Replace("**", "", StringComparison.Ordinal);
                buttons.Add(Button(session, "situationYes", GuidedAction.Mine));
                buttons.Add(Button(session, "notMyCase", GuidedAction.NotMine));
                if (session.Index > 0)
                {
                    buttons.Add(Button(session, "back", GuidedAction.Back));
                }
                buttons.Add(Button(session, "stop", GuidedAction.Stop));
                break;
            case GuidedStage.Documents:
                var item = script.Documents[session.Index];
                text.Append("**").Append(Format(session, "documentHeader", session.Index + 1, script.Documents.Count)).Append("**\n\n")
                    .Append(string.Join("\n\n", item.Name)).Append("\n\n");
                if (item.Copies is not null)
                {
                    text.Append(Format(session, "copies", item.Copies)).Append("\n\n");
                }
                if (item.Condition is not null)
                {
                    text.Append(Format(session, "onlyWhen", item.Condition)).Append("\n\n");
                }
                text.Append(Text(session, "haveIt"));
                speak = string.Join(" ", item.Name.Append(Text(session, "haveIt")));
                buttons.Add(Button(session, "yes", GuidedAction.Yes));
                buttons.Add(Button(session, "notYet", GuidedAction.NotYet));
                buttons.Add(Button(session, "whatIsThis", GuidedAction.What));
                if (session.Index > 0 || item.Condition is not null)
                {
                    buttons.Add(Button(session, "back", GuidedAction.Back));
                }
                buttons.Add(Button(session, "stop", GuidedAction.Stop));
                break;
            case GuidedStage.Missing:
                var missing = session.Missing.Where(i => i < script.Documents.Count).ToList();
                if (missing.Count == 0)
                {
                    text.Append(Text(session, "missingNone")).Append("\n\n");
                }
                else
                {
                    text.Append(Format(session, "missingSome", missing.Count)).Append('\n');
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
                    text.Append('\n').Append(Text(session, "missingHow")).Append("\n\n");
                }
                text.Append(Text(session, "missingThen")).Append("\n\n").Append(SourceLine(session, script));
                buttons.Add(Button(session, "next", GuidedAction.Next));
                buttons.Add(Button(session, "back", GuidedAction.Back));
                buttons.Add(Button(session, "staff", GuidedAction.Staff));
                buttons.Add(Button(session, "stop", GuidedAction.Stop));
                break;
            case GuidedStage.Steps:
                text.Append("**").Append(Format(session, "stepHeader", session.Index + 1, script.Steps.Count)).Append("**\n\n")
                    .Append(string.Join("\n\n", script.Steps[session.Index]));
                speak = string.Join(" ", script.Steps[session.Index]);
                buttons.Add(Button(session, "next", GuidedAction.Next));
                buttons.Add(Button(session, "back", GuidedAction.Back));
                buttons.Add(Button(session, "repeat", GuidedAction.Repeat));
                buttons.Add(Button(session, "simpler", GuidedAction.Simpler));
                buttons.Add(Button(session, "staff", GuidedAction.Staff));
                buttons.Add(Button(session, "stop", GuidedAction.Stop));
                break;
            case GuidedStage.Where:
                text.Append(Text(session, "whereProcedure")).Append('\n');
                foreach (var line in script.Where)
                {
                    text.Append("- ").Append(line).Append('\n');
                }
                text.Append('\n').Append(Text(session, "whereAsk"));
                speak = Text(session, "whereAsk");
                buttons.Add(Button(session, "skip", GuidedAction.Skip));
                buttons.Add(Button(session, "back", GuidedAction.Back));
                buttons.Add(Button(session, "stop", GuidedAction.Stop));
                break;
            case GuidedStage.Done:
                text.Append(Checklist(session, script));
                buttons.Add(Rating(session, helpful: true));
                buttons.Add(Rating(session, helpful: false));
                buttons.Add(Button(session, "back", GuidedAction.Back));
                // A guide left for this one (the resident switched procedures halfway) is offered again, not lost.
                if (await sessions.LatestOpenAsync(session.ConversationId, cancellationToken).ConfigureAwait(false) is { ProcedureCode: { } earlier } other
                    && other.Token != session.Token && knowledge.Current.Base.Find(earlier, session.Language) is { } earlierProcedure)
                {
                    buttons.Add(GuidedButtons.Button(Format(session, "continueOther", Short(earlierProcedure.Title)), GuidedAction.Continue, other));
                }
                explainAll = false;
                break;
            default:
                text.Append(Text(session, "choose"));
                buttons.Add(Button(session, "stop", GuidedAction.Stop));
                break;
        }
        var (explained, newSession) = Explanations(session, script, text.ToString(), explainAll);
        if (explained.Length > 0)
        {
            text.Append("\n\n").Append(explained);
            await SaveAsync(newSession, cancellationToken).ConfigureAwait(false);
        }
        await SendAsync(turn, newSession, script, text.ToString(), buttons, cancellationToken, original: original, speak: speak).ConfigureAwait(false);
    }

    /// <summary>
    /// "What is this?" on a paper: what it is (the glossary's words for it and the procedure's own sentences about it)
    /// and where it comes from, when the documents say so. "Say it simpler" on a step: its first sentence alone, with
    /// at most one hard word behind a "?" button. Both keep the buttons of the place, so the resident goes on from here.
    /// </summary>
    private async Task ExplainAsync(ITurnContext turn, GuidedSession session, GuidedScript script, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buttons = new List<CardAction>();
        string speak;
        switch (session.Stage)
        {
            case GuidedStage.Documents when !AsksSituation(session, script):
                var item = script.Documents[session.Index];
                var (what, whereFrom) = AboutPaper(item, script.Glossary);
                text.Append("**").Append(Text(session, "whatHeader")).Append(": ").Append(item.Title).Append("**\n\n");
                text.Append(what.Count > 0 ? string.Join("\n\n", what) : Text(session, "whatNoMore")).Append("\n\n");
                var from = whereFrom.Count > 0 ? string.Join(" ", whereFrom) : Text(session, "whatNoWhere");
                text.Append(Format(session, "whatWhere", from));
                speak = string.Join(" ", what.Append(Format(session, "whatWhere", from)));
                buttons.Add(Button(session, "yes", GuidedAction.Yes));
                buttons.Add(Button(session, "notYet", GuidedAction.NotYet));
                buttons.Add(Button(session, "staff", GuidedAction.Staff));
                buttons.Add(Button(session, "stop", GuidedAction.Stop));
                break;
            case GuidedStage.Steps:
                var sentence = script.Steps[session.Index][0];
                text.Append("**").Append(Format(session, "simplerHeader", session.Index + 1, script.Steps.Count)).Append("**\n\n")
                    .Append(sentence);
                speak = sentence;
                // One hard word at most, behind a "?": the sentence stays one sentence, the buttons stay in view. The
                // longest name is taken as the hardest ("Trung tâm Phục vụ hành chính công" rather than "nộp").
                if (PlainWords.TermsIn(sentence, script.Glossary).OrderByDescending(t => PlainWords.ShortName(t).Length).FirstOrDefault() is { } term)
                {
                    buttons.Add(GuidedButtons.Button(Format(session, "termButton", PlainWords.ShortName(term)), GuidedAction.Term, session, term: term.Id));
                }
                buttons.Add(Button(session, "next", GuidedAction.Next));
                buttons.Add(Button(session, "repeat", GuidedAction.Repeat));
                buttons.Add(Button(session, "staff", GuidedAction.Staff));
                buttons.Add(Button(session, "stop", GuidedAction.Stop));
                break;
            default:
                await ShowAsync(turn, session, script, cancellationToken).ConfigureAwait(false);
                return;
        }
        await SendAsync(turn, session, script, text.ToString(), buttons, cancellationToken, speak: speak).ConfigureAwait(false);
    }

    /// <summary>
    /// What a paper is and where it comes from, only in the knowledge's own sentences: the glossary's explanation of
    /// the word the paper's name starts with, and the procedure's sentences about the paper besides its name. The
    /// sentences naming a place or a source (issued by, the portal, online, the hospital) answer "where".
    /// </summary>
    public static (IReadOnlyList<string> What, IReadOnlyList<string> WhereFrom) AboutPaper(GuidedItem item, Glossary? glossary)
    {
        ArgumentNullException.ThrowIfNull(item);
        var own = item.Name.Skip(1).Concat(item.Details);
        var terms = PlainWords.TermsIn(item.Title, glossary);
        var explained = terms.Count == 0 ? [] : PlainWords.Sentences(terms[0].Explanation);
        var all = explained.Concat(own).Distinct(StringComparer.Ordinal).ToList();
        // The name itself may say where the paper comes from ("… do bệnh viện, trạm y tế cấp").
        var whereFrom = item.Name.Take(1).Concat(all).Where(s => Source().IsMatch(s)).Distinct(StringComparer.Ordinal).ToList();
        return ([.. all.Where(s => !whereFrom.Contains(s))], whereFrom);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\p{L}])(?:cấp|bệnh viện|trạm y tế|cổng dịch vụ công|dichvucong|vneid|trên mạng|trực tuyến|bưu điện|issued?|issues|hospital|portal|online)(?![\p{L}])",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Source();

    /// <summary>The "?" beside a hard word: that word's glossary explanation, with the buttons of the simpler step.</summary>
    private async Task TermAsync(ITurnContext turn, GuidedSession session, GuidedScript script, string? id, CancellationToken cancellationToken)
    {
        if (session.Stage != GuidedStage.Steps || id is null || script.Glossary?.Find(id) is not { } term)
        {
            await ShowAsync(turn, session, script, cancellationToken).ConfigureAwait(false);
            return;
        }
        var explanation = $"{PlainWords.ShortName(term)}: {term.Explanation}";
        await SendAsync(turn, session, script, $"**{PlainWords.ShortName(term)}**: {term.Explanation}",
            [
                Button(session, "next", GuidedAction.Next),
                Button(session, "repeat", GuidedAction.Repeat),
                Button(session, "staff", GuidedAction.Staff),
                Button(session, "stop", GuidedAction.Stop),
            ], cancellationToken, speak: explanation).ConfigureAwait(false);
    }

    private async Task StaffAsync(ITurnContext turn, GuidedSession session, CancellationToken cancellationToken)
    {
        session = session with { HelpRequests = session.HelpRequests + 1 };
        await SaveAsync(session, cancellationToken).ConfigureAwait(false);
        var reference = await escalations.RecordAsync(new EscalationRequest(
            session.ConversationId, EscalationReason.AskedForPerson, $"(guided: {session.ProcedureCode} at {session.Position})", session.Language, session.ProcedureCode),
            cancellationToken).ConfigureAwait(false);
        await turn.SendActivityAsync(new Activity
        {
            Type = ActivityTypes.Event,
            Name = "handoff.initiate",
            Value = JsonSerializer.SerializeToElement(new { reference, reason = nameof(EscalationReason.AskedForPerson) }),
        }, cancellationToken).ConfigureAwait(false);
        await SendAsync(turn, session, null, Format(session, "staffDone", reference),
            [Button(session, "continue", GuidedAction.Continue), Button(session, "stop", GuidedAction.Stop)], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The checklist to keep: papers (had, missing), where to go, the link to the printable page, the source.</summary>
    private string Checklist(GuidedSession session, GuidedScript script)
    {
        var text = new StringBuilder()
            .Append("**").Append(Format(session, "checklistHeader", script.Procedure.Title)).Append("**\n\n");
        if (script.Documents.Count > 0)
        {
            text.Append(Text(session, "checklistBring")).Append('\n');
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
                    text.Append(" — ").Append(Text(session, "checklistMissing"));
                }
                text.Append('\n');
            }
            text.Append('\n');
        }
        var unit = knowledge.Current.Base.UnitDirectory.Resolve(session.Unit);
        var where = unit is null ? (script.Where.Count > 0 ? script.Where[0] : null) : $"{unit.CenterName ?? unit.Name} ({unit.Name}, {unit.Province})";
        if (where is not null)
        {
            text.Append(Format(session, "checklistWhere", where)).Append("\n\n");
        }
        text.Append(Format(session, "checklistLink", Link(ChecklistLink(session)))).Append("\n\n")
            .Append(SourceLine(session, script)).Append("\n\n")
            .Append(Text(session, "rateAsk"));
        return text.ToString();
    }

    private string UnitCard(GuidedSession session, UnitMention mention)
    {
        var unit = mention.Unit;
        var unknown = Text(session, "unknown");
        var text = new StringBuilder();
        text.Append(mention.FormerName is { } former
            ? Format(session, "whereFormer", former, unit.Name, unit.Province)
            : Format(session, "whereUnit", unit.Name, unit.Province)).Append("\n\n");
        text.Append("- ").Append(Format(session, "center", unit.CenterName ?? unknown)).Append('\n')
            .Append("- ").Append(Format(session, "address", unit.Address is { } address && unit.AddressIsSeat ? Format(session, "seatAddress", address) : unit.Address ?? unknown)).Append('\n')
            .Append("- ").Append(Format(session, "hours", unit.Hours ?? (unit.ListLine > 0 ? Text(session, "unpublished") : unknown))).Append('\n')
            .Append("- ").Append(Format(session, "phone", unit.Phone ?? (unit.ListLine > 0 ? Text(session, "unpublished") : unknown))).Append('\n');
        if (unit.Sample)
        {
            text.Append('\n').Append(Text(session, "sampleData"));
        }
        return text.ToString();
    }

    /// <summary>
    /// Explanations of the glossary terms in a text: those not yet explained in the session (all of them when asked
    /// for), as "Term: meaning" lines under a heading. Returns the session with the terms marked as explained.
    /// </summary>
    private (string Text, GuidedSession Session) Explanations(GuidedSession session, GuidedScript script, string text, bool explainAll)
    {
        var terms = PlainWords.TermsIn(text, script.Glossary)
            .Where(t => explainAll || !session.Explained.Contains(t.Id))
            .ToList();
        if (terms.Count == 0)
        {
            return ("", session);
        }
        var lines = new StringBuilder().Append('_').Append(Text(session, "termsHeader")).Append(":_\n");
        foreach (var term in terms)
        {
            lines.Append("- **").Append(PlainWords.ShortName(term)).Append("**: ").Append(term.Explanation).Append('\n');
        }
        return (lines.ToString().TrimEnd(), session with { Explained = [.. session.Explained.Union(terms.Select(t => t.Id))] });
    }

    /// <summary>Sends a guided message: the session's language, a citation of the procedure, the position in channel data.</summary>
    private async Task SendAsync(
        ITurnContext turn, GuidedSession session, GuidedScript? script, string text, List<CardAction> buttons, CancellationToken cancellationToken,
        AdministrativeUnit? citeUnit = null, bool original = false, string? speak = null)
    {
        var language = TextLanguage(session, script);
        var translated = false;
        if (!original && NeedsTranslation(session, script) && await TranslateAsync(session, text, buttons, cancellationToken).ConfigureAwait(false) is { } translation)
        {
            (text, buttons) = translation;
            language = session.Language;
            translated = true;
        }
        else if (script is { FellBack: true } && !original)
        {
            var name = packs.Current.Find(session.Language)?.Name ?? Languages.Name(session.Language, LanguagePacks.Fallback);
            text = Format(session, "fallbackNote", name) + "\n\n" + text;
        }
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Text = text,
            TextFormat = "markdown",
            // The language the words are in, so a screen reader or the read-aloud button picks the right voice.
            Locale = language switch { "vi" => "vi-VN", "en" => "en-US", var other => other },
            InputHint = "expectingInput",
            // Read-aloud says the paper or step and its question; a translated message is read whole.
            Speak = translated || (script is { FellBack: true } && !original) ? null : speak,
            ChannelData = JsonSerializer.SerializeToElement(new
            {
                citizenHelper = new
                {
                    outcome = "guided",
                    procedure = session.ProcedureCode,
                    machineTranslated = translated ? true : (bool?)null,
                    requestedLanguage = translated ? session.Language : null,
                    guided = new
                    {
                        token = session.Token.Length > 0 ? session.Token : null,
                        position = session.Position,
                        stopped = session.Stopped ? true : (bool?)null,
                        language,
                    },
                },
            }),
        };
        if (citeUnit is not null)
        {
            var source = citeUnit.Source ?? new Uri("https://dichvucong.gov.vn/");
            activity.Entities = [AnswerActivities.CitationEntity([new Citation(citeUnit.Name, citeUnit.SourcePath, source, string.Join(", ", citeUnit.MergedFrom), default)])];
        }
        else if (script is not null)
        {
            activity.Entities = [AnswerActivities.CitationEntity([ComposeStep.CitationFor(script.Procedure, options.Value.PublicBaseUrl)])];
        }
        if (buttons.Count > 0)
        {
            activity.SuggestedActions = new SuggestedActions { Actions = buttons };
        }
        await turn.SendActivityAsync(activity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A language with no pack, or a procedure the pack has no text for: the Vietnamese words are shown, machine
    /// translated when an LLM is configured.
    /// </summary>
    public bool NeedsTranslation(GuidedSession session, GuidedScript? script) =>
        session?.Language is not null && session.Language != LanguagePacks.Fallback && session.Token.Length > 0
        && (script is { FellBack: true } || packs.Current.Find(session.Language) is null);

    /// <summary>
    /// The message and its buttons machine-translated, marked as such, with a button showing the Vietnamese original;
    /// null when there is no LLM or the translation is not faithful (the caller shows Vietnamese and says so).
    /// </summary>
    private async Task<(string Text, List<CardAction> Buttons)?> TranslateAsync(GuidedSession session, string text, List<CardAction> buttons, CancellationToken cancellationToken)
    {
        // The link definition of the citation stays as written, like an answer's.
        var lines = text.Split('\n');
        var titles = buttons.Select(b => b.Title ?? "").ToList();
        var result = await TranslateAsync([.. lines, .. titles], session.Language, cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            return null;
        }
        var translatedButtons = buttons.Select((b, i) => new CardAction
        {
            Type = b.Type,
            Title = result[lines.Length + i],
            DisplayText = b.DisplayText is null ? null : result[lines.Length + i],
            Text = b.Text,
            Value = b.Value,
        }).ToList();
        if (!session.Stopped)
        {
            // Shows the current place in Vietnamese; a stopped guide has no current place to show.
            translatedButtons.Add(GuidedButtons.Button(ShowOriginalTitle, GuidedAction.Original, session));
        }
        return ($"_{MachineTranslatedNote(session.Language)}_\n\n{string.Join('\n', result.Take(lines.Length))}", translatedButtons);
    }

    /// <summary>Single-line Vietnamese texts machine-translated into <paramref name="language"/>, or null (no LLM, not faithful).</summary>
    public Task<IReadOnlyList<string>?> TranslateAsync(IReadOnlyList<string> lines, string language, CancellationToken cancellationToken) =>
        translator.TranslateAsync(lines, LanguagePacks.Fallback, language, cancellationToken);

    /// <summary>The mark of a machine translation, in Vietnamese and English, as answers carry it.</summary>
    public static string MachineTranslatedNote(string language)
    {
        var vi = AnswerTexts.For(Languages.Vietnamese);
        var en = AnswerTexts.English;
        return string.Format(CultureInfo.InvariantCulture, vi.MachineTranslated, Languages.Name(language, Languages.Vietnamese), Languages.Name(Languages.Vietnamese, Languages.Vietnamese))
            + " / " + string.Format(CultureInfo.InvariantCulture, en.MachineTranslated, Languages.Name(language, Languages.English), Languages.Name(Languages.Vietnamese, Languages.English));
    }

    /// <summary>"Xem bản gốc (tiếng Việt)": the button or link to the Vietnamese a translation was made from.</summary>
    public static string ShowOriginalTitle { get; } =
        string.Format(CultureInfo.InvariantCulture, AnswerTexts.For(Languages.Vietnamese).ShowOriginal, Languages.Name(Languages.Vietnamese, Languages.Vietnamese));

    private string TextLanguage(GuidedSession session, GuidedScript? script) =>
        script?.TextLanguage ?? (packs.Current.Find(session.Language) is null ? LanguagePacks.Fallback : session.Language);

    private string SourceLine(GuidedSession session, GuidedScript script)
    {
        var citation = ComposeStep.CitationFor(script.Procedure, options.Value.PublicBaseUrl);
        return Format(session, "source", script.Procedure.Title, script.Procedure.Code, script.Procedure.Verified)
            + $"\n\n[1]: {citation.Url} \"{citation.Title.Replace("\"", "'", StringComparison.Ordinal)}\"";
    }

    private string Where(GuidedSession session, GuidedScript? script) => session.Stage switch
    {
        GuidedStage.Documents => Format(session, "positionDocuments", session.Index + 1, script?.Documents.Count ?? 0),
        GuidedStage.Missing => Text(session, "positionMissing"),
        GuidedStage.Steps => Format(session, "positionSteps", session.Index + 1, script?.Steps.Count ?? 0),
        GuidedStage.Where => Text(session, "positionWhere"),
        GuidedStage.Choosing => Text(session, "positionChoosing"),
        _ => Text(session, "positionDone"),
    };

    /// <summary>The link that continues this session in any browser: the service's chat page with <c>?g=TOKEN</c>.</summary>
    public string ResumeLink(GuidedSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return $"{options.Value.PublicBaseUrl.TrimEnd('/')}/?g={session.Token}&lang={Uri.EscapeDataString(session.Language)}";
    }

    /// <summary>The printable, shareable checklist page.</summary>
    public string ChecklistLink(GuidedSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return $"{options.Value.PublicBaseUrl.TrimEnd('/')}/guided/{session.Token}";
    }

    public GuidedScript? Script(GuidedSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.ProcedureCode is { } code ? GuidedScript.For(knowledge.Current.Base, packs.Current, code, session.Language) : null;
    }

    /// <summary>The "Step by step" button's title for a reply in this locale.</summary>
    public string StepByStepTitle(string? locale) =>
        packs.Current.Text(locale?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true ? "en" : LanguagePacks.Fallback, "stepByStep");

    private CardAction Button(GuidedSession session, string key, GuidedAction action) => GuidedButtons.Button(Text(session, key), action, session);

    /// <summary>The usual rating button, so guided help counts in the same dashboard; "not helpful" reaches staff.</summary>
    private CardAction Rating(GuidedSession session, bool helpful)
    {
        var title = Text(session, helpful ? "rateHelpful" : "rateNotHelpful");
        return new CardAction
        {
            Type = "messageBack",
            Title = title,
            DisplayText = title,
            Text = "",
            Value = JsonSerializer.SerializeToElement(new { citizenHelper = AnswerActivities.RatingValue, helpful, document = session.ProcedureCode }),
        };
    }

    private string Text(GuidedSession session, string key) => packs.Current.Text(session.Language, key);

    private string Format(GuidedSession session, string key, params object[] values) =>
        string.Format(CultureInfo.InvariantCulture, Text(session, key), values);

    /// <summary>A Markdown link showing its own address, so it can be read, copied, or pressed.</summary>
    private static string Link(string url) => $"[{url}]({url})";

    private static string Short(string title) => title.Length <= 40 ? title : title[..39] + "…";

    private Task SaveAsync(GuidedSession session, CancellationToken cancellationToken) =>
        sessions.SaveAsync(session with { UpdatedAt = clock.GetUtcNow() }, cancellationToken);

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

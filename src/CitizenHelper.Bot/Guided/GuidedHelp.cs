using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CitizenHelper.Answering;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Bot.Turns;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Bot.Guided;

/// <summary>
/// Help at the resident's place in a guide, which stays where it is: what a paper is and where it comes from, a step
/// said more simply, one hard word explained, or a person from the center.
/// </summary>
public sealed partial class GuidedHelp(GuidedWords words, GuidedMessages messages, GuidedScreens screens, GuidedProgress progress, IEscalationSink escalations)
{
    /// <summary>
    /// "What is this?" on a paper: what it is (the glossary's words for it and the procedure's own sentences about it)
    /// and where it comes from, when the documents say so. "Say it simpler" on a step: its first sentence alone, with
    /// at most one hard word behind a "?" button. Both keep the buttons of the place, so the resident goes on from here.
    /// </summary>
    public async Task ExplainAsync(ITurnContext turn, GuidedSession session, GuidedScript script, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(script);
        var text = new StringBuilder();
        var buttons = new List<CardAction>();
        string speak;
        switch (session.Stage)
        {
            case GuidedStage.Documents when !GuidedMoves.AsksSituation(session, script):
                var item = script.Documents[session.Index];
                var (what, whereFrom) = AboutPaper(item, script.Glossary);
                text.Append("**").Append(words.Text(session, "whatHeader")).Append(": ").Append(item.Title).Append("**\n\n");
                text.Append(what.Count > 0 ? string.Join("\n\n", what) : words.Text(session, "whatNoMore")).Append("\n\n");
                var from = whereFrom.Count > 0 ? string.Join(" ", whereFrom) : words.Text(session, "whatNoWhere");
                text.Append(words.Format(session, "whatWhere", from));
                speak = string.Join(" ", what.Append(words.Format(session, "whatWhere", from)));
                buttons.Add(words.Button(session, "yes", GuidedAction.Yes));
                buttons.Add(words.Button(session, "notYet", GuidedAction.NotYet));
                buttons.Add(words.Button(session, "staff", GuidedAction.Staff));
                buttons.Add(words.Button(session, "stop", GuidedAction.Stop));
                break;
            case GuidedStage.Steps:
                var sentence = script.Steps[session.Index][0];
                text.Append("**").Append(words.Format(session, "simplerHeader", session.Index + 1, script.Steps.Count)).Append("**\n\n")
                    .Append(sentence);
                speak = sentence;
                // One hard word at most, behind a "?": the sentence stays one sentence, the buttons stay in view. The
                // longest name is taken as the hardest ("Trung tâm Phục vụ hành chính công" rather than "nộp").
                if (PlainWords.TermsIn(sentence, script.Glossary).OrderByDescending(t => PlainWords.ShortName(t).Length).FirstOrDefault() is { } term)
                {
                    buttons.Add(GuidedButtons.Button(words.Format(session, "termButton", PlainWords.ShortName(term)), GuidedAction.Term, session, term: term.Id));
                }
                buttons.Add(words.Button(session, "next", GuidedAction.Next));
                buttons.Add(words.Button(session, "repeat", GuidedAction.Repeat));
                buttons.Add(words.Button(session, "staff", GuidedAction.Staff));
                buttons.Add(words.Button(session, "stop", GuidedAction.Stop));
                break;
            default:
                await screens.ShowAsync(turn, session, script, cancellationToken).ConfigureAwait(false);
                return;
        }
        await messages.SendAsync(turn, session, script, text.ToString(), buttons, cancellationToken, speak: speak).ConfigureAwait(false);
    }

    /// <summary>The "?" beside a hard word: that word's glossary explanation, with the buttons of the simpler step.</summary>
    public async Task TermAsync(ITurnContext turn, GuidedSession session, GuidedScript script, string? id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(script);
        if (session.Stage != GuidedStage.Steps || id is null || script.Glossary?.Find(id) is not { } term)
        {
            await screens.ShowAsync(turn, session, script, cancellationToken).ConfigureAwait(false);
            return;
        }
        var explanation = $"{PlainWords.ShortName(term)}: {term.Explanation}";
        await messages.SendAsync(turn, session, script, $"**{PlainWords.ShortName(term)}**: {term.Explanation}",
            [
                words.Button(session, "next", GuidedAction.Next),
                words.Button(session, "repeat", GuidedAction.Repeat),
                words.Button(session, "staff", GuidedAction.Staff),
                words.Button(session, "stop", GuidedAction.Stop),
            ], cancellationToken, speak: explanation).ConfigureAwait(false);
    }

    /// <summary>A person from the center: the request is recorded for staff, the channel is told, the guide can go on.</summary>
    public async Task StaffAsync(ITurnContext turn, GuidedSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(session);
        session = session with { HelpRequests = session.HelpRequests + 1 };
        await progress.SaveAsync(session, cancellationToken).ConfigureAwait(false);
        var reference = await escalations.RecordAsync(new EscalationRequest(
            session.ConversationId, EscalationReason.AskedForPerson, $"(guided: {session.ProcedureCode} at {session.Position})", session.Language, session.ProcedureCode),
            cancellationToken).ConfigureAwait(false);
        await turn.SendActivityAsync(new Activity
        {
            Type = ActivityTypes.Event,
            Name = "handoff.initiate",
            Value = JsonSerializer.SerializeToElement(new { reference, reason = nameof(EscalationReason.AskedForPerson) }),
        }, cancellationToken).ConfigureAwait(false);
        await messages.SendAsync(turn, session, null, words.Format(session, "staffDone", reference),
            [words.Button(session, "continue", GuidedAction.Continue), words.Button(session, "stop", GuidedAction.Stop)], cancellationToken).ConfigureAwait(false);
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

    [GeneratedRegex(@"(?<![\p{L}])(?:cấp|bệnh viện|trạm y tế|cổng dịch vụ công|dichvucong|vneid|trên mạng|trực tuyến|bưu điện|issued?|issues|hospital|portal|online)(?![\p{L}])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Source();
}

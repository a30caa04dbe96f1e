using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CitizenHelper.Answering;
using CitizenHelper.Answering.Composition;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Bot.Turns;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Bot.Guided;

/// <summary>
/// The guided walk through one procedure: the document checklist one item at a time, what is missing, the steps one
/// at a time, where to go, and a checklist to keep. This class takes the resident's moves (start, a button, typed
/// words, a resume link) and hands them to the parts that do the work: <see cref="GuidedMoves"/> (where to go next),
/// <see cref="GuidedScreens"/> (what each place says), <see cref="GuidedHelp"/> (explanations and staff) and
/// <see cref="GuidedMessages"/> (sending, translated when needed). Every move is saved before anything is sent.
/// </summary>
public sealed class GuidedFlow(
    KnowledgeProvider knowledge,
    LanguagePackProvider packs,
    GuidedProgress progress,
    GuidedWords words,
    GuidedMessages messages,
    GuidedScreens screens,
    GuidedHelp help)
{
    /// <summary>Starts a guide for a procedure (stopping any other open one), or asks which procedure when none is given.</summary>
    public async Task StartAsync(ITurnContext turn, string conversationId, string? code, string language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var open = await progress.LatestOpenAsync(conversationId, cancellationToken).ConfigureAwait(false);
        if (open is not null && open.ProcedureCode == code && code is not null)
        {
            await ContinueAsync(turn, open with { Stopped = false }, note: null, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (open is not null)
        {
            await progress.SaveAsync(open with { Stopped = true }, cancellationToken).ConfigureAwait(false);
        }
        var now = progress.Now;
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
            await progress.SaveAsync(session, cancellationToken).ConfigureAwait(false);
            await messages.SendAsync(turn, session, null, words.Text(session, "choose"), [words.Button(session, "stop", GuidedAction.Stop)], cancellationToken).ConfigureAwait(false);
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
            await messages.SendAsync(turn, session, null, words.Text(session, "notFound"), [], cancellationToken).ConfigureAwait(false);
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
            .Append(words.Format(session, "intro", script.Procedure.Title)).Append("\n\n");
        if (script.Documents.Count > 0)
        {
            intro.Append(words.Format(session, "introDocuments", script.Documents.Count)).Append("\n\n");
        }
        intro.Append(words.Format(session, "saveLink", GuidedWords.Link(words.ResumeLink(session)))).Append("\n\n").Append(words.SourceLine(session, script));
        (var explained, session) = screens.Explanations(session, script, intro.ToString(), explainAll: false);
        if (explained.Length > 0)
        {
            intro.Append("\n\n").Append(explained);
        }
        await progress.SaveAsync(session, cancellationToken).ConfigureAwait(false);
        await messages.SendAsync(turn, session, script, intro.ToString(), [], cancellationToken).ConfigureAwait(false);
        await screens.ShowAsync(turn, session, script, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The session opened in this conversation again (a resume link, a reload, "continue"): where it stopped.</summary>
    public async Task ContinueAsync(ITurnContext turn, GuidedSession session, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        session = session with { Stopped = false };
        await progress.SaveAsync(session, cancellationToken).ConfigureAwait(false);
        if (note is not null)
        {
            await messages.SendAsync(turn, session, null, words.Text(session, note), [], cancellationToken).ConfigureAwait(false);
        }
        if (session.Stage == GuidedStage.Choosing)
        {
            await messages.SendAsync(turn, session, null, words.Text(session, "choose"), [words.Button(session, "stop", GuidedAction.Stop)], cancellationToken).ConfigureAwait(false);
            return;
        }
        await screens.ShowAsync(turn, session, Script(session), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A button (or its typed words) at the session's current position.</summary>
    public async Task ActAsync(ITurnContext turn, GuidedSession session, GuidedAction action, CancellationToken cancellationToken, string? term = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        var script = Script(session);
        if (script is null && session.Stage != GuidedStage.Choosing)
        {
            await messages.SendAsync(turn, session, null, words.Text(session, "notFound"), [], cancellationToken).ConfigureAwait(false);
            await progress.SaveAsync(session with { Stage = GuidedStage.Done }, cancellationToken).ConfigureAwait(false);
            return;
        }
        switch (action)
        {
            case GuidedAction.Stop:
                session = session with { Stopped = true };
                await progress.SaveAsync(session, cancellationToken).ConfigureAwait(false);
                await messages.SendAsync(turn, session, null, words.Text(session, "stopped"), [words.Button(session, "continue", GuidedAction.Continue)], cancellationToken).ConfigureAwait(false);
                return;
            case GuidedAction.Continue:
                await ContinueAsync(turn, session, note: null, cancellationToken).ConfigureAwait(false);
                return;
            case GuidedAction.Staff:
                await help.StaffAsync(turn, session, cancellationToken).ConfigureAwait(false);
                return;
            case GuidedAction.Original:
                await screens.ShowAsync(turn, session, script, cancellationToken, original: true).ConfigureAwait(false);
                return;
            case GuidedAction.Term when script is not null:
                await help.TermAsync(turn, session, script, term, cancellationToken).ConfigureAwait(false);
                return;
            case GuidedAction.What or GuidedAction.Simpler when script is not null:
                session = session with { HelpRequests = session.HelpRequests + 1 };
                await progress.SaveAsync(session, cancellationToken).ConfigureAwait(false);
                await help.ExplainAsync(turn, session, script, cancellationToken).ConfigureAwait(false);
                return;
        }
        if (script is null)
        {
            await ContinueAsync(turn, session, note: null, cancellationToken).ConfigureAwait(false);
            return;
        }
        var moved = GuidedMoves.Move(session, script, action);
        await progress.SaveAsync(moved, cancellationToken).ConfigureAwait(false);
        await screens.ShowAsync(turn, moved, script, cancellationToken).ConfigureAwait(false);
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
            await messages.SendAsync(turn, session, script, question.Text,
                [.. question.Suggestions.Select(s => new CardAction { Type = "imBack", Title = s.Title, Value = JsonSerializer.SerializeToElement(s.Value) }), words.Button(session, "skip", GuidedAction.Skip)],
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
            await messages.SendAsync(turn, session, script, words.Format(session, "whereNotFound", shown),
                [words.Button(session, "skip", GuidedAction.Skip), words.Button(session, "back", GuidedAction.Back), words.Button(session, "stop", GuidedAction.Stop)], cancellationToken).ConfigureAwait(false);
            return true;
        }
        session = session with { Unit = mention.Unit.Key, Stage = GuidedStage.Done };
        await progress.SaveAsync(session, cancellationToken).ConfigureAwait(false);
        await messages.SendAsync(turn, session, script, screens.UnitCard(session, mention), [], cancellationToken, citeUnit: mention.Unit).ConfigureAwait(false);
        await screens.ShowAsync(turn, session, script, cancellationToken).ConfigureAwait(false);
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
            await messages.SendAsync(turn, session, null, words.Format(session, "switchOffer", title, words.Position(session, script), other.Title),
                [
                    words.Button(session, "continue", GuidedAction.Continue),
                    GuidedButtons.Button(words.Format(session, "guideFor", GuidedWords.Shortened(other.Title)), GuidedAction.Start, session, other.Code),
                    words.Button(session, "stop", GuidedAction.Stop),
                ], cancellationToken).ConfigureAwait(false);
            return;
        }
        await messages.SendAsync(turn, session, null, words.Format(session, "reminder", title, words.Position(session, script)),
            [words.Button(session, "continue", GuidedAction.Continue), words.Button(session, "stop", GuidedAction.Stop)], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A button from an earlier position or an ended guide: say so and show where things are now.</summary>
    public async Task StaleAsync(ITurnContext turn, GuidedSession? current, GuidedSession? pressed, string language, CancellationToken cancellationToken)
    {
        if (current is not null)
        {
            await messages.SendAsync(turn, current, null, words.Text(current, "stale"), [], cancellationToken).ConfigureAwait(false);
            await ContinueAsync(turn, current, null, cancellationToken).ConfigureAwait(false);
            return;
        }
        var session = pressed ?? new GuidedSession { Token = "", ConversationId = "", Language = language };
        var buttons = pressed?.ProcedureCode is { } code ? new List<CardAction> { GuidedButtons.Button(words.Text(session, "startOver"), GuidedAction.Start, null, code) } : [];
        await messages.SendAsync(turn, session, null, words.Text(session, "staleFinished"), buttons, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The guide's script for the session's procedure in its language, or null (no procedure yet, or none such).</summary>
    public GuidedScript? Script(GuidedSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.ProcedureCode is { } code ? GuidedScript.For(knowledge.Current.Base, packs.Current, code, session.Language) : null;
    }

    /// <inheritdoc cref="GuidedWords.ResumeLink"/>
    public string ResumeLink(GuidedSession session) => words.ResumeLink(session);

    /// <inheritdoc cref="GuidedWords.ChecklistLink"/>
    public string ChecklistLink(GuidedSession session) => words.ChecklistLink(session);

    /// <inheritdoc cref="GuidedWords.StepByStepTitle"/>
    public string StepByStepTitle(string? locale) => words.StepByStepTitle(locale);

    /// <inheritdoc cref="GuidedMessages.NeedsTranslation"/>
    public bool NeedsTranslation(GuidedSession session, GuidedScript? script) => messages.NeedsTranslation(session, script);

    /// <inheritdoc cref="GuidedMessages.TranslateAsync(IReadOnlyList{string}, string, CancellationToken)"/>
    public Task<IReadOnlyList<string>?> TranslateAsync(IReadOnlyList<string> lines, string language, CancellationToken cancellationToken) =>
        messages.TranslateAsync(lines, language, cancellationToken);

    /// <inheritdoc cref="GuidedMessages.MachineTranslatedNote"/>
    public static string MachineTranslatedNote(string language) => GuidedMessages.MachineTranslatedNote(language);

    /// <inheritdoc cref="GuidedMessages.ShowOriginalTitle"/>
    public static string ShowOriginalTitle => GuidedMessages.ShowOriginalTitle;

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

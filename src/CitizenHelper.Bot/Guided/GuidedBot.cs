using System.Text.Json;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Bot.Turns;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Bot.Guided;

/// <summary>
/// Guided mode around the citizen bot: takes the turns that belong to a guide (its buttons, "step by step", a link
/// with <c>mode=guided</c> or <c>g=TOKEN</c>, words typed mid-guide), and passes every other turn to the bot — then,
/// mid-guide, says where the guide is, so a question typed halfway loses nothing and leads back. Answers about a
/// procedure get a "Step by step" button.
/// </summary>
public sealed class GuidedBot(CitizenHelperBot inner, GuidedFlow flow, IGuidedSessionStore sessions, IConversationStateStore states) : IBot
{
    public async Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var activity = turn.Activity;
        var conversationId = activity.Conversation?.Id;
        if (conversationId is null)
        {
            await inner.OnTurnAsync(turn, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (activity.Type == ActivityTypes.Message && GuidedButtons.Read(activity) is { } press)
        {
            await PressAsync(turn, conversationId, press, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (activity.Type == ActivityTypes.Event && activity.Name == CitizenHelperBot.OpenEventName && await OpenAsync(turn, conversationId, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        if (activity.Type == ActivityTypes.Message && !string.IsNullOrWhiteSpace(activity.Text) && activity.Value is null)
        {
            await TextAsync(turn, conversationId, activity.Text, cancellationToken).ConfigureAwait(false);
            return;
        }
        await inner.OnTurnAsync(new WatchingTurn(turn, flow), cancellationToken).ConfigureAwait(false);
    }

    private async Task PressAsync(ITurnContext turn, string conversationId, GuidedPress press, CancellationToken cancellationToken)
    {
        var language = await LanguageAsync(conversationId, turn.Activity.Locale, cancellationToken).ConfigureAwait(false);
        if (press.Action == GuidedAction.Start)
        {
            await flow.StartAsync(turn, conversationId, press.Procedure, language, cancellationToken).ConfigureAwait(false);
            return;
        }
        var current = await sessions.LatestOpenAsync(conversationId, cancellationToken).ConfigureAwait(false);
        var pressed = press.Token is null ? null : await sessions.FindAsync(press.Token, cancellationToken).ConfigureAwait(false);
        var sameSession = current is not null && current.Token == press.Token;
        // A finished guide is no longer open, but its checklist's own buttons (back, the original wording) still work
        // while no other guide is going on.
        if (!sameSession && pressed is { Stage: GuidedStage.Done } && press.Position == pressed.Position
            && press.Action is GuidedAction.Back or GuidedAction.Original && current is null or { Stopped: true })
        {
            await flow.ActAsync(turn, pressed with { ConversationId = conversationId }, press.Action, cancellationToken).ConfigureAwait(false);
            return;
        }
        // Stop, continue and staff mean the same wherever the guide is; every other button only where it was shown.
        var anywhere = press.Action is GuidedAction.Stop or GuidedAction.Continue or GuidedAction.Staff;
        if (!sameSession || (!anywhere && (current!.Stopped || press.Position != current.Position)))
        {
            await flow.StaleAsync(turn, current, pressed, language, cancellationToken).ConfigureAwait(false);
            return;
        }
        await flow.ActAsync(turn, current!, press.Action, cancellationToken, press.Term).ConfigureAwait(false);
    }

    /// <summary>The page was opened with <c>mode=guided</c> (start or continue this procedure's guide) or <c>g=TOKEN</c> (continue that guide here).</summary>
    private async Task<bool> OpenAsync(ITurnContext turn, string conversationId, CancellationToken cancellationToken)
    {
        if (turn.Activity.Value is not { ValueKind: JsonValueKind.Object } value)
        {
            return false;
        }
        var resume = value.TryGetProperty("resume", out var r) && r.ValueKind == JsonValueKind.String && r.GetString() is { Length: > 0 and <= 64 } token ? token : null;
        var guided = value.TryGetProperty("mode", out var m) && m.ValueKind == JsonValueKind.String && m.GetString() == "guided";
        var code = value.TryGetProperty("procedure", out var p) && p.ValueKind == JsonValueKind.String ? VietnameseText.ProcedureCodes(p.GetString()!).FirstOrDefault() : null;
        var wanted = value.TryGetProperty("lang", out var l) && l.ValueKind == JsonValueKind.String && l.GetString() is { Length: >= 2 and <= 3 } lang ? lang : null;
        if (resume is null && !guided)
        {
            return false;
        }
        // The guide's own link continues it, and shows the checklist again once it is finished; a procedure's link
        // (a QR board) starts a finished guide afresh.
        if (resume is not null && await sessions.FindAsync(resume, cancellationToken).ConfigureAwait(false) is { } saved
            && (code is null || (saved.ProcedureCode == code && saved.Stage != GuidedStage.Done)))
        {
            await RememberLanguageAsync(conversationId, saved.Language, cancellationToken).ConfigureAwait(false);
            await flow.ContinueAsync(turn, saved with { ConversationId = conversationId }, "resumed", cancellationToken).ConfigureAwait(false);
            return true;
        }
        var language = wanted ?? await LanguageAsync(conversationId, turn.Activity.Locale, cancellationToken).ConfigureAwait(false);
        await RememberLanguageAsync(conversationId, language, cancellationToken).ConfigureAwait(false);
        if (resume is not null && code is null)
        {
            // An ended or unknown guide: nothing to continue; say so and offer the usual start.
            await flow.StaleAsync(turn, null, await sessions.FindAsync(resume, cancellationToken).ConfigureAwait(false), language, cancellationToken).ConfigureAwait(false);
            return true;
        }
        await flow.StartAsync(turn, conversationId, code, language, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task TextAsync(ITurnContext turn, string conversationId, string text, CancellationToken cancellationToken)
    {
        var session = await sessions.LatestOpenAsync(conversationId, cancellationToken).ConfigureAwait(false);
        if (GuidedButtons.StartRequest(text) is { } rest)
        {
            var state = await states.LoadAsync(conversationId, cancellationToken).ConfigureAwait(false);
            var language = await LanguageAsync(conversationId, turn.Activity.Locale, cancellationToken).ConfigureAwait(false);
            var code = VietnameseText.ProcedureCodes(rest).FirstOrDefault();
            if (code is null && rest.Length > 0)
            {
                // "hướng dẫn từng bước đăng ký khai sinh": let the bot find the procedure, then guide through it.
                turn.Activity.Text = rest;
                var finding = new WatchingTurn(turn, null);
                await inner.OnTurnAsync(finding, cancellationToken).ConfigureAwait(false);
                code = finding.AnsweredProcedure;
                if (code is null)
                {
                    await flow.StartAsync(turn, conversationId, null, language, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
            await flow.StartAsync(turn, conversationId, code ?? (rest.Length == 0 ? Procedure(state.DocumentKey) : null), language, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (session is { Stopped: true } && GuidedButtons.ContinueRequest(text))
        {
            await flow.ContinueAsync(turn, session, note: null, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (session is null || session.Stopped)
        {
            await inner.OnTurnAsync(new WatchingTurn(turn, flow), cancellationToken).ConfigureAwait(false);
            return;
        }
        if (GuidedButtons.Typed(text, session.Stage) is { } action)
        {
            await flow.ActAsync(turn, session, action, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (session.Stage == GuidedStage.Where && await flow.WhereAsync(turn, session, text, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        // Anything else is a question: the bot answers it, then the guide says where it is (and offers to switch
        // when the question was about another procedure). While choosing, the answer's procedure starts the guide.
        var watching = new WatchingTurn(turn, null);
        await inner.OnTurnAsync(watching, cancellationToken).ConfigureAwait(false);
        var answered = watching.AnsweredProcedure;
        if (session.Stage == GuidedStage.Choosing)
        {
            if (answered is not null)
            {
                await flow.BeginAsync(turn, session, answered, cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        await flow.RemindAsync(turn, session, answered != session.ProcedureCode ? answered : null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A guide opened by a link in Vietnamese or English makes that the conversation's language, so what the bot says
    /// around the guide (the thanks for a rating, answers to questions typed midway) is in it too.
    /// </summary>
    private async Task RememberLanguageAsync(string conversationId, string language, CancellationToken cancellationToken)
    {
        if (language is not ("vi" or "en"))
        {
            return;
        }
        var state = await states.LoadAsync(conversationId, cancellationToken).ConfigureAwait(false);
        if (state.Language != language)
        {
            await states.SaveAsync(conversationId, state with { Language = language }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> LanguageAsync(string conversationId, string? locale, CancellationToken cancellationToken)
    {
        // A language chosen in the chat or sent as the locale that the knowledge base lacks (Khmer, a pack's language)
        // is kept: a pack's texts, else Vietnamese, machine-translated when an LLM is configured.
        var state = await states.LoadAsync(conversationId, cancellationToken).ConfigureAwait(false);
        return Languages.Other(state.PreferredLanguage ?? locale) ?? state.Language
            ?? (locale?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true ? "en" : "vi");
    }

    private static string? Procedure(string? documentKey) =>
        documentKey is not null && VietnameseText.ProcedureCodes(documentKey).Any() ? documentKey : null;

    /// <summary>
    /// Passes the bot's replies on, noting the procedure an answer was about; with a flow given, adds a "Step by step"
    /// button to such answers.
    /// </summary>
    private sealed class WatchingTurn(ITurnContext turn, GuidedFlow? offering) : ITurnContext
    {
        public Activity Activity => turn.Activity;

        public string? AnsweredProcedure { get; private set; }

        public Task<string> SendActivityAsync(Activity activity, CancellationToken cancellationToken)
        {
            if (activity.Type == ActivityTypes.Message && Answered(activity) is { } code)
            {
                AnsweredProcedure = code;
                if (offering is not null)
                {
                    activity.SuggestedActions ??= new SuggestedActions();
                    // imBack with the words themselves: works in every channel, and the words start the guide for the
                    // procedure just answered.
                    var title = offering.StepByStepTitle(activity.Locale);
                    activity.SuggestedActions.Actions.Insert(0, new CardAction { Type = "imBack", Title = title, Value = JsonSerializer.SerializeToElement(title) });
                }
            }
            return turn.SendActivityAsync(activity, cancellationToken);
        }

        private static string? Answered(Activity activity) =>
            activity.ChannelData is { ValueKind: JsonValueKind.Object } data
            && data.TryGetProperty("citizenHelper", out var ours) && ours.ValueKind == JsonValueKind.Object
            && ours.TryGetProperty("outcome", out var outcome) && outcome.ValueKind == JsonValueKind.String && outcome.GetString() == "answered"
            && ours.TryGetProperty("procedure", out var procedure) && procedure.ValueKind == JsonValueKind.String
            && VietnameseText.ProcedureCodes(procedure.GetString()!).Any()
                ? procedure.GetString()
                : null;
    }
}

using CitizenHelper.Answering;
using CitizenHelper.Answering.Composition;
using CitizenHelper.Answering.Pipeline;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Bot.Turns;
using CitizenHelper.Knowledge.Text;
using CitizenHelper.Qr.Lookup;

namespace CitizenHelper.Bot;

/// <summary>
/// The citizen-facing bot: welcomes new conversations, answers messages through the answering pipeline, and keeps
/// each conversation's state in the store between turns.
/// </summary>
public sealed partial class CitizenHelperBot(
    AnswerPipeline pipeline, IConversationStateStore states, IRatingSink ratings, IEscalationSink escalations, IOutcomeSink outcomes, ScanLookup scans, ICallbackSink callbacks, PhotoScans photos) : IBot
{
    public async Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var activity = turn.Activity;
        var conversationId = activity.Conversation?.Id ?? throw new InvalidOperationException("An activity without a conversation reached the bot.");
        switch (activity.Type)
        {
            case ActivityTypes.ConversationUpdate when activity.MembersAdded?.Any(m => m.Id != BotIdentity.Id) == true:
                await turn.SendActivityAsync(Welcome(activity.Locale), cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.Message when CallbackConversation.Requested(activity) is { } reference:
                await CallbackConversation.AskForNumberAsync(turn, states, conversationId, reference, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.Message when OriginalOf(activity) is { } original:
                await ShowOriginalAsync(turn, original.Document, original.Facets, original.Language, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.Message when RatingOf(activity) is { } rating:
                await RateAsync(turn, conversationId, rating.Helpful, rating.Document, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.Message when activity.Attachments?.Any(IsPhoto) == true:
                await AnswerPhotoAsync(turn, conversationId, activity, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.Message when !string.IsNullOrWhiteSpace(activity.Text):
                await AnswerAsync(turn, conversationId, activity, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.Message when activity.Attachments is { Count: > 0 }:
                var language = (await states.LoadAsync(conversationId, cancellationToken).ConfigureAwait(false)).Language ?? (activity.Locale?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true ? "en" : "vi");
                var texts = AnswerTexts.For(language);
                await turn.SendActivityAsync(AnswerActivities.ToActivity(new Answer
                {
                    Outcome = AnswerOutcome.SmallTalk,
                    Text = texts.FileReceived,
                    Language = language,
                    Suggestions = [new SuggestedReply(texts.AskStaffButton, texts.AskStaffButton)],
                }), cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.Event when activity.Name == OpenEventName && OpenedProcedure(activity) is { } code:
                // A QR code or deep link (?p=CODE) opened the chat on a procedure: answer as if its code was asked.
                activity.Text = code;
                await AnswerAsync(turn, conversationId, activity, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task AnswerAsync(ITurnContext turn, string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        var state = await states.LoadAsync(conversationId, cancellationToken).ConfigureAwait(false);
        if (state.AwaitingCallbackFor is not null)
        {
            if (await CallbackConversation.TryTakeNumberAsync(turn, states, callbacks, conversationId, state, activity.Text!, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
            state = state with { AwaitingCallbackFor = null };
        }
        var chosen = Languages.Chosen(activity.Text!);
        if (chosen is not null)
        {
            // A language the knowledge base lacks (e.g. Khmer) is kept as the preference; answers are translated into it.
            var known = chosen is Languages.English or Languages.Vietnamese;
            await states.SaveAsync(conversationId, state with { Language = known ? chosen : state.Language, PreferredLanguage = chosen }, cancellationToken).ConfigureAwait(false);
            await turn.SendActivityAsync(Welcome(known ? chosen : state.Language), cancellationToken).ConfigureAwait(false);
            return;
        }
        if (await AnswerScannedAsync(turn, conversationId, activity, state, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        var (answer, newState) = await pipeline.AnswerAsync(new Question(activity.Text!, activity.Locale, conversationId), state, cancellationToken).ConfigureAwait(false);
        // The state, the outcome and the reply are queued together, so they reach the database in one commit.
        await Task.WhenAll(
            states.SaveAsync(conversationId, newState, cancellationToken),
            outcomes.RecordAsync(conversationId, AnswerActivities.RecordedOutcome(answer), answer.ProcedureCode, answer.Language, cancellationToken, newState.Commune),
            ReplyAsync(turn, answer, cancellationToken)).ConfigureAwait(false);
    }

    private static async Task ReplyAsync(ITurnContext turn, Answer answer, CancellationToken cancellationToken)
    {
        if (answer.Outcome == AnswerOutcome.Escalated && answer.EscalationReason != EscalationReason.Guardrail)
        {
            // Bot Framework's hand-off convention: clients and integrators see that a person will take over.
            await turn.SendActivityAsync(new Activity
            {
                Type = ActivityTypes.Event,
                Name = "handoff.initiate",
                Value = System.Text.Json.JsonSerializer.SerializeToElement(new { reference = answer.EscalationReference, reason = answer.EscalationReason?.ToString() }),
            }, cancellationToken).ConfigureAwait(false);
        }
        await turn.SendActivityAsync(WithCallbackOffer(answer), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An escalation message offers the citizen a call-back; other answers are unchanged.</summary>
    private static Activity WithCallbackOffer(Answer answer)
    {
        var activity = AnswerActivities.ToActivity(answer);
        if (answer.EscalationReference is { } reference && answer.EscalationReason != EscalationReason.Guardrail)
        {
            activity.SuggestedActions ??= new SuggestedActions();
            activity.SuggestedActions.Actions.Add(CallbackConversation.Offer(answer.Language, reference));
        }
        return activity;
    }

    private static (bool Helpful, string? Document)? RatingOf(Activity activity) =>
        activity.Value is { ValueKind: System.Text.Json.JsonValueKind.Object } value
        && value.TryGetProperty("citizenHelper", out var kind) && kind.ValueKind == System.Text.Json.JsonValueKind.String && kind.GetString() == AnswerActivities.RatingValue
        && value.TryGetProperty("helpful", out var helpful) && helpful.ValueKind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False
            ? (helpful.GetBoolean(), value.TryGetProperty("document", out var document) && document.ValueKind == System.Text.Json.JsonValueKind.String ? document.GetString() : null)
            : null;

    /// <summary>Counts the rating; "not helpful" also goes to staff with the conversation, as the citizen expects a person to look.</summary>
    private async Task RateAsync(ITurnContext turn, string conversationId, bool helpful, string? document, CancellationToken cancellationToken)
    {
        var state = await states.LoadAsync(conversationId, cancellationToken).ConfigureAwait(false);
        var language = state.Language ?? "vi";
        var texts = AnswerTexts.For(language);
        // The button's value comes back from the client: only the shape of a code, whole, goes on (the stores keep it
        // only if the knowledge has it), never the text around it.
        var code = document is not null && VietnameseText.ProcedureCodes(document).SingleOrDefault() == document ? document : null;
        await ratings.RecordAsync(conversationId, code, helpful, cancellationToken).ConfigureAwait(false);
        var answer = new Answer { Outcome = AnswerOutcome.SmallTalk, Text = texts.ThanksForRating, Language = language };
        if (!helpful)
        {
            var reference = await escalations.RecordAsync(
                new EscalationRequest(conversationId, EscalationReason.NotHelpful, code is null ? "(not helpful)" : $"(not helpful) {code}", language, code), cancellationToken).ConfigureAwait(false);
            answer = new Answer
            {
                Outcome = AnswerOutcome.Escalated,
                Text = $"{texts.NotHelpfulEscalated}\n\n{string.Format(System.Globalization.CultureInfo.InvariantCulture, texts.ReferenceLine, reference)}",
                Language = language,
                EscalationReason = EscalationReason.NotHelpful,
                EscalationReference = reference,
            };
        }
        await turn.SendActivityAsync(WithCallbackOffer(answer), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The event our widget sends when its page was opened on a procedure (<c>?p=CODE</c>).</summary>
    public const string OpenEventName = "citizenhelper/open";

    private static string? OpenedProcedure(Activity activity) =>
        activity.Value is { ValueKind: System.Text.Json.JsonValueKind.Object } value
        && value.TryGetProperty("procedure", out var procedure) && procedure.ValueKind == System.Text.Json.JsonValueKind.String
        && VietnameseText.ProcedureCodes(procedure.GetString()!).FirstOrDefault() is { } code
            ? code
            : null;

    /// <summary>The welcome: what the bot can do, the choice of language, and example questions as buttons.</summary>
    public static Activity Welcome(string? locale)
    {
        var language = locale is not null && locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "vi";
        var texts = AnswerTexts.For(language);
        var choices = new List<SuggestedReply>(texts.ExampleQuestions.Select(q => new SuggestedReply(q, q)))
        {
            language == "en" ? new SuggestedReply("Tiếng Việt", "Tiếng Việt") : new SuggestedReply("English", "English"),
        };
        return AnswerActivities.ToActivity(new Answer
        {
            Outcome = AnswerOutcome.SmallTalk,
            Text = texts.Greeting,
            Language = language,
            Suggestions = choices,
        });
    }

    private static (string Document, string[] Facets, string Language)? OriginalOf(Activity activity) =>
        activity.Value is { ValueKind: System.Text.Json.JsonValueKind.Object } value
        && value.TryGetProperty("citizenHelper", out var kind) && kind.ValueKind == System.Text.Json.JsonValueKind.String && kind.GetString() == AnswerActivities.OriginalValue
        && value.TryGetProperty("document", out var document) && document.ValueKind == System.Text.Json.JsonValueKind.String && document.GetString() is { Length: > 0 and <= 64 } key
        && value.TryGetProperty("lang", out var lang) && lang.ValueKind == System.Text.Json.JsonValueKind.String && lang.GetString() is Languages.Vietnamese or Languages.English
            ? (key,
               value.TryGetProperty("facets", out var facets) && facets.ValueKind == System.Text.Json.JsonValueKind.Array
                   ? [.. facets.EnumerateArray().Where(f => f.ValueKind == System.Text.Json.JsonValueKind.String).Take(8).Select(f => f.GetString()!)]
                   : [],
               lang.GetString()!)
            : null;

    /// <summary>The untranslated answer behind a machine-translated one, composed again from the document (never echoed from the client).</summary>
    private async Task ShowOriginalAsync(ITurnContext turn, string document, string[] facets, string language, CancellationToken cancellationToken)
    {
        var original = await pipeline.OriginalAsync(document, facets, language, cancellationToken).ConfigureAwait(false)
            ?? new Answer { Outcome = AnswerOutcome.SmallTalk, Text = AnswerTexts.For(language).EmptyQuestion, Language = language };
        await turn.SendActivityAsync(AnswerActivities.ToActivity(original), cancellationToken).ConfigureAwait(false);
    }
}

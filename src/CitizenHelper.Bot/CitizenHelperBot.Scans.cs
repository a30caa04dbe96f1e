using CitizenHelper.Answering;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Bot.Turns;
using CitizenHelper.Qr.Payloads;

namespace CitizenHelper.Bot;

/// <summary>Scanned QR payloads (typed, pasted or read from a photo): dossiers, centers and unknown codes are answered here.</summary>
public sealed partial class CitizenHelperBot
{
    /// <summary>
    /// True when the message was a payload and has been answered. A procedure payload is rewritten to its code
    /// (and its link's language) for the answering pipeline, which answers it as if the code had been typed.
    /// </summary>
    private async Task<bool> AnswerScannedAsync(ITurnContext turn, string conversationId, Activity activity, ConversationState state, CancellationToken cancellationToken)
    {
        var language = state.Language ?? (activity.Locale?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true ? "en" : "vi");
        if (await scans.LookUpAsync(activity.Text!, language, cancellationToken).ConfigureAwait(false) is not { } scan)
        {
            return false;
        }
        if (scan.Answer is not { } answer)
        {
            activity.Text = scan.Payload.Code;
            activity.Locale = scan.Payload.Language ?? activity.Locale;
            return false;
        }
        await states.SaveAsync(conversationId, state with { Language = answer.Language }, cancellationToken).ConfigureAwait(false);
        await outcomes.RecordAsync(conversationId, AnswerActivities.Outcome(answer.Outcome), null, answer.Language, cancellationToken).ConfigureAwait(false);
        await turn.SendActivityAsync(AnswerActivities.ToActivity(answer), cancellationToken).ConfigureAwait(false);
        return true;
    }
}

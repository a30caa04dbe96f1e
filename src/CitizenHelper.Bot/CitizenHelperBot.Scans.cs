using CitizenHelper.Answering;
using CitizenHelper.Answering.Composition;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Bot.Turns;
using CitizenHelper.Qr.Lookup;
using CitizenHelper.Qr.Photos;

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
        await outcomes.RecordAsync(conversationId, AnswerActivities.Outcome(answer.Outcome), null, answer.Language, cancellationToken, state.Commune).ConfigureAwait(false);
        await turn.SendActivityAsync(AnswerActivities.ToActivity(answer), cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static bool IsPhoto(Attachment attachment) =>
        attachment.ContentType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true && attachment.ContentUrl is not null;

    /// <summary>
    /// A photo: its QR code is answered like the same text typed. A photo with no readable code, or several, gets
    /// a plain reply and goes to staff, who can look at it; a file that is no usable image just gets a plain reply.
    /// </summary>
    private async Task AnswerPhotoAsync(ITurnContext turn, string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        var photo = activity.Attachments!.First(IsPhoto);
        var result = await photos.ReadAsync(activity, photo, cancellationToken).ConfigureAwait(false);
        if (result is { Outcome: PhotoOutcome.Read, Text: { } text })
        {
            activity.Text = text;
            await AnswerAsync(turn, conversationId, activity, cancellationToken).ConfigureAwait(false);
            return;
        }
        var state = await states.LoadAsync(conversationId, cancellationToken).ConfigureAwait(false);
        var language = state.Language ?? (activity.Locale?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true ? "en" : "vi");
        var texts = ScanTexts.For(language);
        var reply = result.Outcome switch
        {
            PhotoOutcome.SeveralCodes => texts.PhotoSeveralCodes,
            PhotoOutcome.TimedOut => texts.PhotoTimedOut,
            PhotoOutcome.NotAnImage => texts.PhotoNotAnImage,
            PhotoOutcome.Unsupported => texts.PhotoUnsupported,
            PhotoOutcome.TooLarge => texts.PhotoTooLarge,
            _ => texts.PhotoNoCode,
        };
        Answer answer;
        if (result.Outcome is PhotoOutcome.NoCode or PhotoOutcome.SeveralCodes or PhotoOutcome.TimedOut)
        {
            var reference = await escalations.RecordAsync(
                new EscalationRequest(conversationId, EscalationReason.QrUnreadable, $"(photo: {result.Outcome}) {photo.Name}", language, null), cancellationToken).ConfigureAwait(false);
            var referenceLine = string.Format(System.Globalization.CultureInfo.InvariantCulture, AnswerTexts.For(language).ReferenceLine, reference);
            answer = new Answer
            {
                Outcome = AnswerOutcome.Escalated,
                Text = $"{reply}\n\n{texts.PhotoSentToStaff}\n\n{referenceLine}",
                Language = language,
                EscalationReason = EscalationReason.QrUnreadable,
                EscalationReference = reference,
            };
        }
        else
        {
            answer = new Answer { Outcome = AnswerOutcome.Clarify, Text = reply, Language = language, Suggestions = [ScanLookup.AskStaff(language)] };
        }
        await outcomes.RecordAsync(conversationId, AnswerActivities.Outcome(answer.Outcome), null, language, cancellationToken, state.Commune).ConfigureAwait(false);
        await turn.SendActivityAsync(AnswerActivities.ToActivity(answer), cancellationToken).ConfigureAwait(false);
    }
}

using System.Globalization;
using System.Text;
using CitizenHelper.Answering;
using CitizenHelper.Answering.Composition;
using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Text;
using CitizenHelper.Qr.Dossiers;
using Microsoft.Extensions.Logging;
using CitizenHelper.Qr.Payloads;

namespace CitizenHelper.Qr.Lookup;

/// <summary>
/// What a scanned payload gets: a procedure is answered by the answering pipeline as if its code was asked
/// (<see cref="ScanResult.Answer"/> is null); a center gets its card; anything unknown gets a plain reply with
/// the option to ask staff.
/// </summary>
public sealed partial class ScanLookup(
    KnowledgeProvider knowledge, PayloadResolver resolver, IDossierStatusSource dossiers, TimeProvider clock, ILogger<ScanLookup> logger)
{
    /// <summary>Null when the text is an ordinary message, not a payload.</summary>
    public async Task<ScanResult?> LookUpAsync(string text, string language, CancellationToken cancellationToken)
    {
        var current = knowledge.Current.Base;
        if (resolver.Resolve(text, current) is not { } payload)
        {
            return null;
        }
        var answerLanguage = payload.Language ?? language;
        var answer = payload.Kind switch
        {
            PayloadKind.Procedure => null,
            PayloadKind.Dossier => await DossierAsync(payload.Code!, current, answerLanguage, cancellationToken).ConfigureAwait(false),
            PayloadKind.Center => CenterCard(PayloadResolver.FindUnit(payload.Code!, current)!, answerLanguage),
            _ => Unknown(payload, answerLanguage),
        };
        return new ScanResult(payload, answer);
    }

    private async Task<Answer> DossierAsync(string code, KnowledgeBase current, string language, CancellationToken cancellationToken)
    {
        var texts = ScanTexts.For(language);
        DossierStatus? status;
        try
        {
            status = await dossiers.FindAsync(code, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A province's one-stop-shop system may be down: say so, and keep the conversation going.
            LogSourceFailed(logger, e);
            return new Answer { Outcome = AnswerOutcome.Clarify, Text = texts.DossierUnavailable, Language = language, Suggestions = [AskStaff(language)] };
        }
        if (status is null)
        {
            return new Answer { Outcome = AnswerOutcome.Clarify, Text = Format(texts.DossierNotFound, code), Language = language, Suggestions = [AskStaff(language)] };
        }
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder().AppendLine(Format(texts.DossierTitle, status.Code)).AppendLine();
        if (status.ProcedureCode is { } procedure)
        {
            var title = current.FindDocument(procedure, language)?.Title;
            text.AppendLine(Format(texts.DossierProcedure, title is null ? procedure : $"{title} ({procedure})"));
        }
        text.AppendLine(Format(texts.DossierState, texts.States[status.State]));
        if (status.ReceivedOn is { } received)
        {
            text.AppendLine(Format(texts.DossierReceived, received.ToString(texts.DateFormat, culture)));
        }
        if (status.AppointmentOn is { } appointment)
        {
            text.AppendLine(Format(texts.DossierAppointment, appointment.ToString(texts.DateFormat, culture)));
        }
        if (status.Office is { } office)
        {
            text.AppendLine(Format(texts.DossierOffice, office));
        }
        if (status.Missing.Count > 0)
        {
            text.AppendLine().AppendLine(texts.DossierMissing);
            foreach (var missing in status.Missing)
            {
                text.Append("- ").AppendLine(PersonalData.Redact(missing));
            }
        }
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        if (status.AppointmentOn < today && status.State is DossierState.Received or DossierState.InProgress)
        {
            text.AppendLine().AppendLine(texts.DossierOverdue);
        }
        if (status.UpdatedAt is { } updated)
        {
            text.AppendLine().Append(Format(texts.DossierUpdated, updated.ToString(texts.DateFormat + " HH:mm", culture)));
        }
        return new Answer { Outcome = AnswerOutcome.Answered, Text = text.ToString().TrimEnd(), Language = language, Suggestions = [AskStaff(language)] };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The dossier status source failed")]
    private static partial void LogSourceFailed(ILogger logger, Exception exception);

    private static Answer CenterCard(AdministrativeUnit unit, string language)
    {
        var texts = ScanTexts.For(language);
        var text = new StringBuilder();
        var name = unit.CenterName ?? $"{unit.Name}, {unit.Province}";
        text.AppendLine(Format(texts.CenterTitle, name)).AppendLine();
        var details = new[] { (texts.CenterAddress, unit.Address), (texts.CenterHours, unit.Hours), (texts.CenterPhone, unit.Phone) }
            .Where(d => d.Item2 is not null).ToList();
        foreach (var (line, value) in details)
        {
            text.AppendLine(Format(line, value!));
        }
        if (details.Count == 0)
        {
            text.AppendLine(texts.CenterNoDetails);
        }
        if (unit.Sample)
        {
            text.AppendLine().AppendLine(texts.SampleData);
        }
        text.AppendLine().Append(Format(texts.CenterSource, unit.Source?.ToString() ?? unit.SourcePath));
        return new Answer
        {
            Outcome = details.Count > 0 ? AnswerOutcome.Answered : AnswerOutcome.Clarify,
            Text = text.ToString(),
            Language = language,
            Suggestions = [AskStaff(language)],
        };
    }

    private static Answer Unknown(ScannedPayload payload, string language)
    {
        var texts = ScanTexts.For(language);
        var text = payload.Problem switch
        {
            UnknownPayload.ForeignLink => texts.ForeignLink,
            UnknownPayload.PortalLinkWithoutCode => texts.PortalLinkWithoutCode,
            UnknownPayload.UnknownProcedure => Format(texts.UnknownProcedure, payload.Code!),
            UnknownPayload.IdentityCard => texts.IdentityCard,
            _ => texts.OtherPayload,
        };
        return new Answer { Outcome = AnswerOutcome.Clarify, Text = text, Language = language, Suggestions = [AskStaff(language)] };
    }

    public static SuggestedReply AskStaff(string language)
    {
        var button = AnswerTexts.For(language).AskStaffButton;
        return new SuggestedReply(button, button);
    }

    private static string Format(string format, string value) => string.Format(CultureInfo.InvariantCulture, format, value);
}

/// <summary>A payload understood, and the reply to send; no reply when the answering pipeline should answer the procedure's code.</summary>
public sealed record ScanResult(ScannedPayload Payload, Answer? Answer);

using System.Globalization;
using System.Text;
using CitizenHelper.Answering;
using CitizenHelper.Answering.Composition;
using CitizenHelper.Knowledge;
using CitizenHelper.Qr.Payloads;

namespace CitizenHelper.Qr.Lookup;

/// <summary>
/// What a scanned payload gets: a procedure is answered by the answering pipeline as if its code was asked
/// (<see cref="ScanResult.Answer"/> is null); a center gets its card; anything unknown gets a plain reply with
/// the option to ask staff.
/// </summary>
public sealed class ScanLookup(KnowledgeProvider knowledge, PayloadResolver resolver)
{
    /// <summary>Null when the text is an ordinary message, not a payload.</summary>
    public Task<ScanResult?> LookUpAsync(string text, string language, CancellationToken cancellationToken)
    {
        var current = knowledge.Current.Base;
        if (resolver.Resolve(text, current) is not { } payload)
        {
            return Task.FromResult<ScanResult?>(null);
        }
        var answerLanguage = payload.Language ?? language;
        var answer = payload.Kind switch
        {
            PayloadKind.Procedure => null,
            PayloadKind.Center => CenterCard(PayloadResolver.FindUnit(payload.Code!, current)!, answerLanguage),
            _ => Unknown(payload, answerLanguage),
        };
        return Task.FromResult<ScanResult?>(new ScanResult(payload, answer));
    }

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

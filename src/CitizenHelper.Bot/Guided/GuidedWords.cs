using System.Globalization;
using System.Text.Json;
using CitizenHelper.Answering;
using CitizenHelper.Answering.Pipeline;
using CitizenHelper.Bot.Schema;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Bot.Guided;

/// <summary>
/// What every guided message is made of: the language pack's words in the session's language, its buttons, the
/// source line citing the procedure, and the links that continue or print a session.
/// </summary>
public sealed class GuidedWords(LanguagePackProvider packs, IOptions<AnsweringOptions> options)
{
    public string Text(GuidedSession session, string key)
    {
        ArgumentNullException.ThrowIfNull(session);
        return packs.Current.Text(session.Language, key);
    }

    public string Format(GuidedSession session, string key, params object[] values) =>
        string.Format(CultureInfo.InvariantCulture, Text(session, key), values);

    public CardAction Button(GuidedSession session, string key, GuidedAction action) => GuidedButtons.Button(Text(session, key), action, session);

    /// <summary>The usual rating button, so guided help counts in the same dashboard; "not helpful" reaches staff.</summary>
    public CardAction Rating(GuidedSession session, bool helpful)
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

    /// <summary>"Source: …" with the link definition of the procedure's citation <c>[1]</c>.</summary>
    public string SourceLine(GuidedSession session, GuidedScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var citation = ComposeStep.CitationFor(script.Procedure, options.Value.PublicBaseUrl);
        return Format(session, "source", script.Procedure.Title, script.Procedure.Code, script.Procedure.Verified)
            + $"\n\n[1]: {citation.Url} \"{citation.Title.Replace("\"", "'", StringComparison.Ordinal)}\"";
    }

    /// <summary>Where the guide is, in words ("paper 2 of 5"), for a reminder mid-guide.</summary>
    public string Position(GuidedSession session, GuidedScript? script)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.Stage switch
        {
            GuidedStage.Documents => Format(session, "positionDocuments", session.Index + 1, script?.Documents.Count ?? 0),
            GuidedStage.Missing => Text(session, "positionMissing"),
            GuidedStage.Steps => Format(session, "positionSteps", session.Index + 1, script?.Steps.Count ?? 0),
            GuidedStage.Where => Text(session, "positionWhere"),
            GuidedStage.Choosing => Text(session, "positionChoosing"),
            _ => Text(session, "positionDone"),
        };
    }

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

    /// <summary>The "Step by step" button's title for a reply in this locale.</summary>
    public string StepByStepTitle(string? locale) =>
        packs.Current.Text(locale?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true ? "en" : LanguagePacks.Fallback, "stepByStep");

    /// <summary>A Markdown link showing its own address, so it can be read, copied, or pressed.</summary>
    public static string Link(string url) => $"[{url}]({url})";

    /// <summary>A procedure title short enough for a button.</summary>
    public static string Shortened(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        return title.Length <= 40 ? title : title[..39] + "…";
    }
}

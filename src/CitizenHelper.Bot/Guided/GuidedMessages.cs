using System.Globalization;
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
/// Sends a guided message: in the session's language (machine translated when the pack has no text and an LLM is
/// configured, else in Vietnamese with a note saying so), citing the procedure, with the position in channel data.
/// </summary>
public sealed class GuidedMessages(LanguagePackProvider packs, TextTranslator translator, GuidedWords words, IOptions<AnsweringOptions> options)
{
    public async Task SendAsync(
        ITurnContext turn, GuidedSession session, GuidedScript? script, string text, List<CardAction> buttons, CancellationToken cancellationToken,
        AdministrativeUnit? citeUnit = null, bool original = false, string? speak = null)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(session);
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
            text = words.Format(session, "fallbackNote", name) + "\n\n" + text;
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

    private string TextLanguage(GuidedSession session, GuidedScript? script) =>
        script?.TextLanguage ?? (packs.Current.Find(session.Language) is null ? LanguagePacks.Fallback : session.Language);
}

using System.Globalization;
using System.Text.RegularExpressions;
using CitizenHelper.Answering.Composition;
using CitizenHelper.Answering.Llm;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>
/// When the citizen wants a language the knowledge base has no text in (e.g. Khmer), translates the composed answer
/// with the LLM and marks it as machine-translated; the original stays one tap away. The translation is used only if
/// it is faithful line by line (no item added or dropped, the same numbers on each line, all of them in the document);
/// otherwise, and without an LLM, the original is sent with a note saying why.
/// </summary>
public sealed partial class TranslateStep(
    Kernel kernel, LlmOptions options, TranslatePrompt prompt, CircuitBreaker breaker, ILogger<TranslateStep> logger) : IAnswerStep
{
    private readonly LlmCall _llm = new(kernel, options, breaker, logger);

    public async ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.RequestedLanguage is not { } wanted || context.Draft is not { Outcome: AnswerOutcome.Answered } draft)
        {
            return;
        }
        var document = draft.DocumentKey is null ? null : context.Knowledge.Base.FindDocument(draft.DocumentKey, draft.Language);
        if (!_llm.Available || document is null)
        {
            context.Draft = Untranslated(draft, wanted, t => t.LanguageUnavailable);
            return;
        }

        // As with rephrasing, the link definition is ours; the source line ("Nguồn [1]: …") names the document as
        // published. Both stay in the original language.
        var link = draft.Text.LastIndexOf("\n\n[1]: ", StringComparison.Ordinal);
        var body = link < 0 ? draft.Text : draft.Text[..link];
        var tail = link < 0 ? "" : draft.Text[link..];
        var lastLine = body.LastIndexOf('\n');
        if (lastLine > 0 && body[lastLine..].Contains("[1]:", StringComparison.Ordinal))
        {
            tail = body[lastLine..] + tail;
            body = body[..lastLine];
        }

        var translated = await _llm.AskAsync(
            token => prompt.RenderAsync(kernel, body, draft.Language, wanted, token), "translation", cancellationToken).ConfigureAwait(false);
        if (translated is null)
        {
            context.Draft = Untranslated(draft, wanted, t => t.LanguageUnavailable);
            return;
        }
        if (!Faithful(body, translated, document))
        {
            logger.LogWarning("Translation of {DocumentKey} into {Language} failed the fact check; the original answer is sent", draft.DocumentKey, wanted);
            context.Draft = Untranslated(draft, wanted, t => t.TranslationFailed);
            return;
        }
        context.Draft = draft with
        {
            Text = $"_{Note(draft.Language, wanted, t => t.MachineTranslated)}_\n\n{translated}{tail}",
            RequestedLanguage = wanted,
            MachineTranslated = true,
            Rephrased = false,
        };
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    [GeneratedRegex(@"^(- |\d+\. )")]
    private static partial Regex ListMarker();

    /// <summary>
    /// A translation is faithful when it keeps the answer's shape and facts: the same number of non-empty lines, each
    /// with the same list marker and the same numbers as its source line, the [1] marker, and no number the
    /// document lacks. Document names cannot be compared across languages; keeping each listed item on its own line
    /// is what stops one from being dropped, merged or invented.
    /// </summary>
    public static bool Faithful(string source, string translation, KnowledgeDocument document)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(translation);
        string[] Lines(string text) => [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
        var from = Lines(source);
        var to = Lines(translation);
        if (from.Length != to.Length || !translation.Contains("[1]", StringComparison.Ordinal) || !CheckStep.NumbersComeFrom(translation, document))
        {
            return false;
        }
        for (var i = 0; i < from.Length; i++)
        {
            var marker = ListMarker().Match(from[i]).Value;
            if (ListMarker().Match(to[i]).Value != marker)
            {
                return false;
            }
            var numbers = Number().Matches(from[i][marker.Length..]).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
            if (!numbers.SetEquals(Number().Matches(to[i][marker.Length..]).Select(m => m.Value)))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The original answer with a note saying why it is not in the wanted language.</summary>
    private static Answer Untranslated(Answer draft, string wanted, Func<AnswerTexts, string> note) => draft with
    {
        Text = $"_{Note(draft.Language, wanted, note)}_\n\n{draft.Text}",
        RequestedLanguage = wanted,
    };

    /// <summary>A note in the answer's language, and in English too when that is not English: a reader of the wanted language more likely reads one of them.</summary>
    private static string Note(string language, string wanted, Func<AnswerTexts, string> note)
    {
        var text = string.Format(CultureInfo.InvariantCulture, note(AnswerTexts.For(language)), Languages.Name(wanted, language), Languages.Name(language, language));
        return language == Languages.English
            ? text
            : $"{text} / {string.Format(CultureInfo.InvariantCulture, note(AnswerTexts.English), Languages.Name(wanted, Languages.English), Languages.Name(language, Languages.English))}";
    }
}

using CitizenHelper.Answering.Llm;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace CitizenHelper.Answering.Pipeline;

/// <summary>
/// With an LLM configured: rewrites the composed (extractive) answer in plainer words. The LLM never adds facts:
/// its text is used only if it keeps the [1] marker and every number in it is in the cited document; a timeout,
/// an error, or a failed check leaves the extractive answer in place. Without an LLM this step does nothing.
/// </summary>
public sealed class RephraseStep(
    Kernel kernel, LlmOptions options, RephrasePrompt prompt, CircuitBreaker breaker, ILogger<RephraseStep> logger) : IAnswerStep
{
    private readonly LlmCall _llm = new(kernel, options, breaker, logger);

    public async ValueTask InvokeAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        // An answer to be translated is translated from the extractive text, which the translation check compares line by line.
        if (!_llm.Available || context.RequestedLanguage is not null || context.Draft is not { } draft
            || draft.DocumentKey is null || context.Knowledge.Base.FindDocument(draft.DocumentKey, draft.Language) is not { } document)
        {
            return;
        }

        // The link definition and source line are ours, not the LLM's: it rewrites only the body.
        var split = draft.Text.LastIndexOf("\n\n[1]: ", StringComparison.Ordinal);
        var body = split < 0 ? draft.Text : draft.Text[..split];
        var tail = split < 0 ? "" : draft.Text[split..];

        var text = await _llm.AskAsync(
            token => prompt.RenderAsync(kernel, context.Question.Text, body, draft.Language, token), "rephrasing", cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return;
        }
        if (text.Length == 0 || !text.Contains("[1]", StringComparison.Ordinal) || !CheckStep.NumbersComeFrom(text, document))
        {
            logger.LogWarning("LLM rephrasing of {DocumentKey} failed the fact check; the extractive answer is sent", draft.DocumentKey);
            return;
        }
        context.Draft = draft with { Text = text + tail, Rephrased = true };
    }
}

/// <summary>The rephrasing prompt, loaded from <c>prompts/rephrase-answer.txt</c> and rendered with SK's template engine.</summary>
public sealed class RephrasePrompt(string templateText)
{
    public const string FileName = "rephrase-answer.txt";

    // Rendered to plain text and sent as one user message (no chat-markup parsing), so the values are inserted as
    // written: HTML-encoding them would turn an apostrophe into "&#39;" and break the number check.
    private readonly IPromptTemplate _template = new KernelPromptTemplateFactory { AllowDangerouslySetContent = true }.Create(
        new PromptTemplateConfig(templateText) { AllowDangerouslySetContent = true });

    public static RephrasePrompt FromFolder(string folder) => new(File.ReadAllText(Path.Combine(folder, FileName)));

    public Task<string> RenderAsync(Kernel kernel, string question, string answer, string language, CancellationToken cancellationToken) =>
        _template.RenderAsync(kernel, new KernelArguments
        {
            ["question"] = question,
            ["answer"] = answer,
            ["language"] = language == "en" ? "English" : "Vietnamese",
        }, cancellationToken);
}

using CitizenHelper.Answering.Understanding;
using Microsoft.SemanticKernel;

namespace CitizenHelper.Answering.Llm;

/// <summary>The translation prompt, loaded from <c>prompts/translate-answer.txt</c> and rendered with SK's template engine.</summary>
public sealed class TranslatePrompt(string templateText)
{
    public const string FileName = "translate-answer.txt";

    private readonly IPromptTemplate _template = new KernelPromptTemplateFactory { AllowDangerouslySetContent = true }.Create(
        new PromptTemplateConfig(templateText) { AllowDangerouslySetContent = true });

    public static TranslatePrompt FromFolder(string folder) => new(File.ReadAllText(Path.Combine(folder, FileName)));

    public Task<string> RenderAsync(Kernel kernel, string answer, string sourceLanguage, string targetLanguage, CancellationToken cancellationToken) =>
        _template.RenderAsync(kernel, new KernelArguments
        {
            ["answer"] = answer,
            ["source_language"] = Languages.Name(sourceLanguage, Languages.English),
            ["target_language"] = Languages.Name(targetLanguage, Languages.English),
        }, cancellationToken);
}

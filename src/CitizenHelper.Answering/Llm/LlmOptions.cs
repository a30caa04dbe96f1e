namespace CitizenHelper.Answering.Llm;

public enum LlmProvider
{
    None,

    /// <summary>Any OpenAI-compatible chat-completions endpoint (OpenAI, a local server, Ollama's /v1).</summary>
    OpenAICompatible,

    /// <summary>Azure OpenAI: <see cref="LlmOptions.Endpoint"/> is the resource address, <see cref="LlmOptions.Model"/> the deployment name.</summary>
    AzureOpenAI,

    /// <summary>Ollama's own API (/api/chat) through OllamaSharp: <see cref="LlmOptions.Endpoint"/> is the server root, e.g. http://localhost:11434.</summary>
    Ollama,
}

/// <summary>Optional LLM (section "Llm"). Absent: the embedded default answers alone.</summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    public LlmProvider Provider { get; set; } = LlmProvider.None;

    /// <summary>Base address of the API, e.g. https://api.openai.com/v1, or http://localhost:11434 for <see cref="LlmProvider.Ollama"/>.</summary>
    public string Endpoint { get; set; } = "";

    public string Model { get; set; } = "";

    public string ApiKey { get; set; } = "";

    /// <summary>Longest the citizen waits for the LLM before getting the embedded answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>After this many failures in a row the LLM is not called for <see cref="BreakDuration"/>.</summary>
    public int BreakAfterFailures { get; set; } = 3;

    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Folder of the prompt templates (relative paths are looked up like the knowledge folder).</summary>
    public string PromptsPath { get; set; } = "prompts";

    public IEnumerable<string> Validate()
    {
        if (Provider == LlmProvider.None)
        {
            yield break;
        }
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return $"{SectionName}:{nameof(Endpoint)} must be an absolute http(s) address when {SectionName}:{nameof(Provider)} is set.";
        }
        if (Model.Length == 0)
        {
            yield return $"{SectionName}:{nameof(Model)} is required when {SectionName}:{nameof(Provider)} is set.";
        }
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromSeconds(30))
        {
            yield return $"{SectionName}:{nameof(Timeout)} must be between 00:00:00.1 and 00:00:30.";
        }
        if (BreakAfterFailures < 1)
        {
            yield return $"{SectionName}:{nameof(BreakAfterFailures)} must be at least 1.";
        }
    }
}

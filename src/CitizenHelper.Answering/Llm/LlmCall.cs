using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CitizenHelper.Answering.Llm;

/// <summary>
/// One call to the configured LLM, as every step that uses it needs it: one user message, an answer within
/// <see cref="LlmOptions.Timeout"/>, the circuit breaker told how it went, and a timeout, an HTTP error or an
/// unreachable provider turned into <c>null</c> (logged) so the caller keeps its embedded answer.
/// </summary>
internal sealed class LlmCall(Kernel kernel, LlmOptions options, CircuitBreaker breaker, ILogger logger)
{
    /// <summary>False without an LLM or while the breaker is open: the caller should not build a prompt at all.</summary>
    public bool Available => options.Provider != LlmProvider.None && !breaker.IsOpen;

    /// <summary>The model's trimmed reply to the prompt <paramref name="render"/> makes, or null when there is none in time.</summary>
    /// <param name="purpose">What the call is for, in the log ("rephrasing", "translation").</param>
    public async Task<string?> AskAsync(Func<CancellationToken, Task<string>> render, string purpose, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            var chat = kernel.GetRequiredService<IChatCompletionService>();
            var history = new ChatHistory();
            history.AddUserMessage(await render(timeout.Token).ConfigureAwait(false));
            var reply = await chat.GetChatMessageContentAsync(history, kernel: kernel, cancellationToken: timeout.Token).ConfigureAwait(false);
            breaker.Succeeded();
            return reply.Content?.Trim();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            breaker.Failed();
            logger.LogWarning("LLM {Purpose} took longer than {Timeout}; the embedded answer is sent", purpose, options.Timeout);
        }
        catch (HttpOperationException e)
        {
            breaker.Failed();
            logger.LogWarning("LLM {Purpose} failed with {Status}; the embedded answer is sent", purpose, e.StatusCode);
        }
        catch (HttpRequestException e)
        {
            breaker.Failed();
            logger.LogWarning("LLM could not be reached for {Purpose} ({Error}); the embedded answer is sent", purpose, e.Message);
        }
        return null;
    }
}

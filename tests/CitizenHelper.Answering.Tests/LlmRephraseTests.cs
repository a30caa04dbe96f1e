using System.Diagnostics;
using CitizenHelper.Answering.Llm;

namespace CitizenHelper.Answering.Tests;

/// <summary>The optional LLM against a local fake OpenAI-compatible server: it may reword, never add facts, never slow a citizen down.</summary>
public sealed class LlmRephraseTests : FakeChatServerSpecs
{
    private const string Question = "Đăng ký khai sinh cần giấy tờ gì?";

    [Fact]
    public async Task RewordingThatKeepsTheFactsIsSent()
    {
        Server.Reply = prompt => "Bạn cần mang theo:\n" + FakeChatServer.AnswerIn(prompt);
        using var bot = Bot();

        var answer = await bot.AskAsync(Question);

        Assert.True(answer.Rephrased);
        Assert.StartsWith("Bạn cần mang theo:", answer.Text, StringComparison.Ordinal);
        Assert.Contains("[1]: http://localhost:5080/kb/1.001193/vi", answer.Text, StringComparison.Ordinal);
        Assert.Equal(1, Server.Calls);
    }

    [Fact]
    public async Task AzureOpenAIProviderSpeaksAzuresProtocol()
    {
        Server.Reply = prompt => "Bạn cần mang theo:\n" + FakeChatServer.AnswerIn(prompt);
        using var bot = new Answerer(llm: new LlmOptions
        {
            Provider = LlmProvider.AzureOpenAI,
            Endpoint = Server.BaseAddress.ToString(),
            Model = "citizenhelper-deployment",
            ApiKey = "test-key",
            PromptsPath = Path.Combine(Path.GetDirectoryName(RepositoryPaths.Knowledge())!, "prompts"),
        });

        var answer = await bot.AskAsync(Question);

        Assert.True(answer.Rephrased);
        Assert.Equal(1, Server.Calls);
    }

    [Fact]
    public async Task RewordingWithAnInventedFeeIsDiscarded()
    {
        Server.Reply = prompt => FakeChatServer.AnswerIn(prompt) + "\n- Lệ phí: 99.000 đồng.";
        using var bot = Bot();

        var answer = await bot.AskAsync(Question);

        Assert.False(answer.Rephrased);
        Assert.DoesNotContain("99.000", answer.Text, StringComparison.Ordinal);
        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
    }

    [Fact]
    public async Task SlowLlmFallsBackToTheExtractiveAnswerWithinTheTimeout()
    {
        Server.Delay = TimeSpan.FromSeconds(10);
        using var bot = Bot(TimeSpan.FromMilliseconds(500));
        _ = bot.Get<KnowledgeProvider>().Current; // loaded (and its classifier trained) before the clock starts
        var watch = Stopwatch.StartNew();

        var answer = await bot.AskAsync(Question);

        // Far below the server's 10 s: the timeout, not the server, ended the wait (a loose bound, so a busy CI
        // machine does not fail it; the 2 s budget is measured by the timeout option itself).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(7), $"took {watch.Elapsed}");
        Assert.False(answer.Rephrased);
        Assert.Contains("Giấy chứng sinh", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingLlmIsLeftAloneAfterRepeatedErrors()
    {
        Server.Reply = _ => null;
        using var bot = Bot();

        for (var i = 0; i < 5; i++)
        {
            var answer = await bot.AskAsync(Question);
            Assert.False(answer.Rephrased);
            Assert.Contains("Giấy chứng sinh", answer.Text, StringComparison.Ordinal);
        }

        // Three failures open the breaker; the OpenAI client itself retries a 500 a few times per call.
        var callsWhenOpen = Server.Calls;
        await bot.AskAsync(Question);
        Assert.Equal(callsWhenOpen, Server.Calls);
    }

    private Answerer Bot(TimeSpan? timeout = null) => new(llm: new LlmOptions
    {
        Provider = LlmProvider.OpenAICompatible,
        Endpoint = Server.Endpoint.ToString(),
        Model = "test-model",
        Timeout = timeout ?? TimeSpan.FromSeconds(5),
        PromptsPath = Path.Combine(Path.GetDirectoryName(RepositoryPaths.Knowledge())!, "prompts"),
    });
}

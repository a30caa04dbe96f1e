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
            Timeout = TimeSpan.FromSeconds(30),
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
        // The model never replies while the test runs: an answer at all means the timeout ended the wait (no clock
        // in the test, so a busy machine cannot fail it; the guard only turns a hang into a failure).
        Server.Delay = Timeout.InfiniteTimeSpan;
        using var bot = Bot(TimeSpan.FromMilliseconds(500));

        var answer = await bot.AskAsync(Question).WaitAsync(TimeSpan.FromMinutes(5));

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
        Timeout = timeout ?? TimeSpan.FromSeconds(30), // generous: only the timeout test is about time
        PromptsPath = Path.Combine(Path.GetDirectoryName(RepositoryPaths.Knowledge())!, "prompts"),
    });
}

using CitizenHelper.Answering.Llm;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CitizenHelper.Answering.Tests;

/// <summary>The Ollama provider (OllamaSharp through Microsoft.Extensions.AI) against a local fake Ollama server.</summary>
public sealed class OllamaProviderTests : IAsyncLifetime
{
    private const string Question = "Đăng ký khai sinh cần giấy tờ gì?";
    private FakeOllamaServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOllamaServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task RewordingThatKeepsTheFactsIsSent()
    {
        _server.Reply = prompt => "Bạn cần mang theo:\n" + FakeChatServer.AnswerIn(prompt);
        using var bot = Bot();

        var answer = await bot.AskAsync(Question);

        Assert.True(answer.Rephrased);
        Assert.StartsWith("Bạn cần mang theo:", answer.Text, StringComparison.Ordinal);
        Assert.Contains("[1]: http://localhost:5080/kb/1.001193/vi", answer.Text, StringComparison.Ordinal);
        Assert.Equal(1, _server.Calls);
        Assert.Equal(0, _server.StreamedCalls); // the whole reply is checked before it is sent: no streaming needed
    }

    [Fact]
    public async Task StreamedReplyArrivesWhole()
    {
        _server.Reply = _ => "Một hai ba bốn năm sáu bảy tám chín mười";
        using var bot = Bot();
        var chat = bot.Get<Kernel>().GetRequiredService<IChatCompletionService>();

        var history = new ChatHistory();
        history.AddUserMessage("xin chào");

        var pieces = new List<string>();
        await foreach (var piece in chat.GetStreamingChatMessageContentsAsync(history))
        {
            pieces.Add(piece.Content ?? "");
        }

        Assert.Equal(1, _server.StreamedCalls);
        Assert.True(pieces.Count(p => p.Length > 0) > 1, "the reply came in one piece");
        Assert.Equal("Một hai ba bốn năm sáu bảy tám chín mười", string.Concat(pieces));
    }

    [Fact]
    public async Task RewordingWithAnInventedFeeIsDiscarded()
    {
        _server.Reply = prompt => FakeChatServer.AnswerIn(prompt) + "\n- Lệ phí: 99.000 đồng.";
        using var bot = Bot();

        var answer = await bot.AskAsync(Question);

        Assert.False(answer.Rephrased);
        Assert.DoesNotContain("99.000", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowModelFallsBackWithinTheTimeout()
    {
        // The model never replies while the test runs: an answer at all means the timeout ended the wait (no clock
        // in the test, so a busy machine cannot fail it; the guard only turns a hang into a failure).
        _server.Delay = Timeout.InfiniteTimeSpan;
        using var bot = Bot(TimeSpan.FromMilliseconds(500));

        var answer = await bot.AskAsync(Question).WaitAsync(TimeSpan.FromMinutes(5));

        Assert.False(answer.Rephrased);
        Assert.Contains("Giấy chứng sinh", answer.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    public async Task FailingModelIsLeftAloneAfterRepeatedErrors(int status)
    {
        _server.FailWith = status;
        using var bot = Bot();

        for (var i = 0; i < 3; i++)
        {
            var answer = await bot.AskAsync(Question);
            Assert.False(answer.Rephrased);
            Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        }

        var callsWhenOpen = _server.Calls;
        await bot.AskAsync(Question);
        Assert.Equal(callsWhenOpen, _server.Calls);
    }

    private Answerer Bot(TimeSpan? timeout = null) => new(llm: new LlmOptions
    {
        Provider = LlmProvider.Ollama,
        Endpoint = _server.BaseAddress.ToString(),
        Model = "qwen2.5:3b",
        Timeout = timeout ?? TimeSpan.FromSeconds(30), // generous: only the timeout test is about time
        PromptsPath = Path.Combine(Path.GetDirectoryName(RepositoryPaths.Knowledge())!, "prompts"),
    });
}

using CitizenHelper.Answering.Llm;
using CitizenHelper.Answering.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;

namespace CitizenHelper.Answering.Tests;

/// <summary>
/// Short texts (guided mode's lines and buttons) machine-translated line by line through the OpenAI-compatible fake:
/// used only when every line keeps its marker, numbers and links; lines already translated are not asked again.
/// </summary>
public sealed class TextTranslatorTests : FakeChatServerSpecs
{
    [Fact]
    public async Task LinesAreTranslatedOnceLinkDefinitionsStayAndKnownLinesAreNotAskedAgain()
    {
        string? prompt = null;
        Server.Reply = p => { prompt = p; return Translate(p); };
        using var answerer = Answerer(LlmProvider.OpenAICompatible);
        var translator = Translator(answerer);
        string[] lines = ["**Giấy tờ 1/6**", "", "- Tờ khai đăng ký khai sinh", "Xem [http://x.test/a1](http://x.test/a1)", "[1]: http://x.test/kb/1.001193/vi \"Đăng ký khai sinh\"", "✔ Đã có"];

        var first = await translator.TranslateAsync(lines, "vi", "km", default);
        var again = await translator.TranslateAsync(["✔ Đã có", "**Giấy tờ 1/6**"], "vi", "km", default);

        Assert.Equal(["ខ្មែរ **Giấy tờ 1/6**", "", "- ខ្មែរ Tờ khai đăng ký khai sinh", "ខ្មែរ Xem [http://x.test/a1](http://x.test/a1)", lines[4], "ខ្មែរ ✔ Đã có"], first);
        Assert.Equal(["ខ្មែរ ✔ Đã có", "ខ្មែរ **Giấy tờ 1/6**"], again);
        Assert.Equal(1, Server.Calls);
        Assert.Contains("into Khmer", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("[1]: http", prompt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("**Giấy tờ 1/6**", "ខ្មែរ **Giấy tờ 1/7**")] // a number changed
    [InlineData("- Tờ khai", "ខ្មែរ Tờ khai")] // the list marker dropped
    [InlineData("Xem http://x.test/a1", "ខ្មែរ Xem")] // the link dropped
    public async Task AnUnfaithfulTranslationIsNotUsed(string line, string translation)
    {
        Server.Reply = _ => translation;
        using var answerer = Answerer(LlmProvider.OpenAICompatible);

        Assert.Null(await Translator(answerer).TranslateAsync([line], "vi", "km", default));
    }

    [Fact]
    public async Task AMissingOrExtraLineIsNotUsed()
    {
        Server.Reply = _ => "ខ្មែរ 1\nខ្មែរ 2\nខ្មែរ 3";
        using var answerer = Answerer(LlmProvider.OpenAICompatible);

        Assert.Null(await Translator(answerer).TranslateAsync(["Bước 1", "Bước 2"], "vi", "km", default));
    }

    [Fact]
    public async Task WithoutAnLlmNothingIsTranslatedAndNothingIsCalled()
    {
        using var answerer = Answerer(LlmProvider.None);
        var translator = Translator(answerer);

        Assert.False(translator.Available);
        Assert.Null(await translator.TranslateAsync(["**Giấy tờ 1/6**"], "vi", "km", default));
        Assert.Equal(["", "[1]: http://x.test/kb"], await translator.TranslateAsync(["", "[1]: http://x.test/kb"], "vi", "km", default));
        Assert.Equal(0, Server.Calls);
    }

    private static TextTranslator Translator(Answerer answerer) =>
        new(answerer.Get<Kernel>(), answerer.Get<LlmOptions>(), answerer.Get<TranslatePrompt>(), answerer.Get<CircuitBreaker>(), NullLogger<TextTranslator>.Instance);

    private Answerer Answerer(LlmProvider provider) => new(llm: new LlmOptions
    {
        Provider = provider,
        Endpoint = Server.Endpoint.ToString(),
        Model = "test-model",
        Timeout = TimeSpan.FromSeconds(30), // generous: these tests are not about time
        PromptsPath = Path.Combine(Path.GetDirectoryName(RepositoryPaths.Knowledge())!, "prompts"),
    });
}

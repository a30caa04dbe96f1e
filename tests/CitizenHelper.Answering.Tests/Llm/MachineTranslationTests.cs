using System.Text.RegularExpressions;
using CitizenHelper.Answering.Llm;
using CitizenHelper.Answering.Understanding;

namespace CitizenHelper.Answering.Tests;

/// <summary>
/// A citizen whose language the knowledge base lacks (Khmer here) gets the answer machine-translated by the LLM,
/// marked as such, faithful line by line to the document; without an LLM, or when the translation changes a fact,
/// the original answer with a note.
/// </summary>
public sealed class MachineTranslationTests : FakeChatServerSpecs
{
    private const string FeeQuestion = "Lệ phí đăng ký khai sinh bao nhiêu?";

    [Fact]
    public async Task AnswerIsTranslatedIntoTheLocalesLanguageAndMarked()
    {
        Server.Reply = Translate;
        using var bot = Bot();

        var answer = await bot.AskAsync("Đăng ký khai sinh cần giấy tờ gì?", "km-KH");

        Assert.True(answer.MachineTranslated);
        Assert.Equal("km", answer.RequestedLanguage);
        Assert.Equal("vi", answer.Language);
        Assert.Contains("Bản dịch máy sang tiếng Khmer", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Machine translation into Khmer", answer.Text, StringComparison.Ordinal);
        Assert.Contains("- ខ្មែរ Giấy chứng sinh", answer.Text, StringComparison.Ordinal);
        // The citation stays: the source line and link definition are ours, in the original language.
        Assert.Contains("Nguồn [1]:", answer.Text, StringComparison.Ordinal);
        Assert.Contains("[1]: http://localhost:5080/kb/1.001193/vi", answer.Text, StringComparison.Ordinal);
        Assert.Single(answer.Citations);
        Assert.Equal(1, Server.Calls);
    }

    [Fact]
    public async Task PromptComesFromTheTemplateAndNamesBothLanguages()
    {
        string? seen = null;
        Server.Reply = prompt => { seen = prompt; return Translate(prompt); };
        using var bot = Bot();

        await bot.AskAsync("What documents do I need for birth registration?", "km");

        Assert.NotNull(seen);
        Assert.Contains("from English", seen, StringComparison.Ordinal);
        Assert.Contains("into Khmer", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("{{$", seen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TranslationThatChangesAFeeIsNotSent()
    {
        Server.Reply = prompt => Regex.Replace(Translate(prompt), @"\d+\.000", "99.000");
        using var bot = Bot();

        var answer = await bot.AskAsync(FeeQuestion, "km-KH");

        Assert.False(answer.MachineTranslated);
        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.DoesNotContain("99.000", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("ខ្មែរ", answer.Text, StringComparison.Ordinal);
        Assert.Contains("không khớp với tài liệu", answer.Text, StringComparison.Ordinal);
        Assert.Contains("**Lệ phí", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TranslationThatDropsAListedDocumentIsNotSent()
    {
        Server.Reply = prompt => string.Join('\n', Translate(prompt).Split('\n').Where(l => !l.Contains("Giấy chứng sinh", StringComparison.Ordinal)));
        using var bot = Bot();

        var answer = await bot.AskAsync("Đăng ký khai sinh cần giấy tờ gì?", "km-KH");

        Assert.False(answer.MachineTranslated);
        Assert.Contains("Giấy chứng sinh", answer.Text, StringComparison.Ordinal);
        Assert.Contains("did not match the document", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingLlmSendsTheOriginalSayingTheLanguageIsNotAvailable()
    {
        Server.Reply = _ => null;
        using var bot = Bot();

        var answer = await bot.AskAsync("Đăng ký khai sinh cần giấy tờ gì?", "km-KH");

        Assert.False(answer.MachineTranslated);
        Assert.Contains("chưa có câu trả lời bằng tiếng Khmer", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Giấy chứng sinh", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAnLlmTheAnswerIsInVietnameseSayingTheLanguageIsNotAvailable()
    {
        using var bot = new Answerer();

        var answer = await bot.AskAsync("Đăng ký khai sinh cần giấy tờ gì?", "km-KH");

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.False(answer.MachineTranslated);
        Assert.Equal("km", answer.RequestedLanguage);
        Assert.StartsWith("_Xin lỗi, hiện chưa có câu trả lời bằng tiếng Khmer; dưới đây là câu trả lời bằng tiếng Việt / Sorry, answers in Khmer are not available yet", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Giấy chứng sinh", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VietnameseAndEnglishLocalesAreNotTranslated()
    {
        // Rephrasing may still call the LLM; only a translation prompt would be answered with Khmer.
        Server.Reply = prompt => prompt.Contains("into Khmer", StringComparison.Ordinal) ? Translate(prompt) : FakeChatServer.AnswerIn(prompt);
        using var bot = Bot();

        var vietnamese = await bot.AskAsync("Đăng ký khai sinh cần giấy tờ gì?", "vi-VN");
        var english = await bot.AskAsync("What documents do I need for birth registration?", "en-US");

        Assert.False(vietnamese.MachineTranslated);
        Assert.Null(vietnamese.RequestedLanguage);
        Assert.Null(english.RequestedLanguage);
        Assert.DoesNotContain("ខ្មែរ", vietnamese.Text + english.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OriginalOfATranslatedAnswerIsTheUntranslatedAnswerOnTheSameFacets()
    {
        Server.Reply = Translate;
        using var bot = Bot();
        var translated = await bot.AskAsync(FeeQuestion, "km-KH");

        var original = await bot.Pipeline.OriginalAsync(translated.DocumentKey!, translated.Facets, translated.Language, CancellationToken.None);

        Assert.True(translated.MachineTranslated);
        Assert.NotNull(original);
        Assert.False(original.MachineTranslated);
        Assert.Equal(translated.Facets, original.Facets);
        Assert.Contains("**Lệ phí", original.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("ខ្មែរ", original.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tiếng Khmer", "km")]
    [InlineData("Tieng Khmer", "km")]
    [InlineData("ខ្មែរ", "km")]
    [InlineData("English", "en")]
    [InlineData("tiếng Việt", "vi")]
    [InlineData("đăng ký khai sinh", null)]
    public void LanguageChosenByName(string text, string? code) => Assert.Equal(code, Languages.Chosen(text));

    [Theory]
    [InlineData("km-KH", "km")]
    [InlineData("zh_Hans", "zh")]
    [InlineData("vi-VN", null)]
    [InlineData("en", null)]
    [InlineData("k1-XX", null)]
    [InlineData("<script>", null)]
    public void OtherLanguageOfALocale(string locale, string? code) => Assert.Equal(code, Languages.Other(locale));

    private Answerer Bot() => new(llm: new LlmOptions
    {
        Provider = LlmProvider.OpenAICompatible,
        Endpoint = Server.Endpoint.ToString(),
        Model = "test-model",
        Timeout = TimeSpan.FromSeconds(30), // generous: these tests are not about time
        PromptsPath = Path.Combine(Path.GetDirectoryName(RepositoryPaths.Knowledge())!, "prompts"),
    });
}

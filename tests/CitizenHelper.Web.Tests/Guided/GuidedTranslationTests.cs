using System.Text.Json;
using CitizenHelper.Answering.Llm;
using CitizenHelper.Answering.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests.Guided;

/// <summary>
/// With an LLM configured (the OpenAI-compatible fake here), a guide in a language without a pack is machine
/// translated — questions, steps, buttons — marked as such, with the Vietnamese original one tap away; a translation
/// that changes a number is not shown, and the Vietnamese text says why.
/// </summary>
public sealed class GuidedTranslationTests : FakeChatServerSpecs
{
    [Fact]
    public async Task AGuideInALanguageWithoutAPackIsMachineTranslatedMarkedAndTheOriginalIsOneTapAway()
    {
        Server.Reply = Translate;
        using var bot = Bot();

        var first = (await bot.OpenAsync("km1", "1.001193", lang: "km"))[^1];

        Assert.StartsWith("_Bản dịch máy sang tiếng Khmer", first.Text, StringComparison.Ordinal);
        Assert.Contains("Machine translation into Khmer", first.Text, StringComparison.Ordinal);
        Assert.Contains("ខ្មែរ **Giấy tờ 1/6**", first.Text, StringComparison.Ordinal);
        Assert.Equal("km", first.Locale);
        var ours = first.ChannelData!.Value.GetProperty("citizenHelper");
        Assert.True(ours.GetProperty("machineTranslated").GetBoolean());
        Assert.Equal("km", ours.GetProperty("requestedLanguage").GetString());
        Assert.Contains("ខ្មែរ ✔ Đã có", GuidedHarness.Titles(first));
        Assert.Equal("Xem bản gốc (tiếng Việt)", GuidedHarness.Titles(first).Last());

        var original = (await bot.PressAsync("km1", first, "Xem bản gốc (tiếng Việt)"))[^1];
        Assert.StartsWith("**Giấy tờ 1/6**", original.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("ខ្មែរ", original.Text + string.Join("", GuidedHarness.Titles(original)), StringComparison.Ordinal);
        Assert.Equal("vi-VN", original.Locale);

        var second = (await bot.PressAsync("km1", first, "ខ្មែរ ✔ Đã có"))[^1];
        Assert.Contains("ខ្មែរ **Giấy tờ 2/6**", second.Text, StringComparison.Ordinal);
        Assert.Equal("documents:1", second.ChannelData!.Value.GetProperty("citizenHelper").GetProperty("guided").GetProperty("position").GetString());
    }

    [Fact]
    public async Task ATranslationThatChangesANumberIsNotShownAndTheVietnameseSaysWhy()
    {
        Server.Reply = prompt => Translate(prompt).Replace("1/6", "1/7", StringComparison.Ordinal);
        using var bot = Bot();

        var first = (await bot.OpenAsync("km2", "1.001193", lang: "km"))[^1];

        Assert.StartsWith("(Chưa có bản tiếng Khmer cho phần này, nên tôi ghi bằng tiếng Việt.)", first.Text, StringComparison.Ordinal);
        Assert.Contains("**Giấy tờ 1/6**", first.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("ខ្មែរ", first.Text, StringComparison.Ordinal);
        Assert.NotEqual(JsonValueKind.True, first.ChannelData!.Value.GetProperty("citizenHelper").GetProperty("machineTranslated").ValueKind);
    }

    [Fact]
    public async Task VietnameseAndEnglishGuidesAreNeverSentToTheLlm()
    {
        Server.Reply = Translate;
        using var bot = Bot();

        await bot.OpenAsync("vi1", "1.001193", lang: "vi");
        await bot.OpenAsync("en1", "1.001193", lang: "en");

        Assert.Equal(0, Server.Calls);
    }

    [Fact]
    public async Task TheChecklistPageIsMachineTranslatedToWithALinkToTheVietnamese()
    {
        Server.Reply = Translate;
        using var factory = new CitizenHelperFactory(new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "OpenAICompatible",
            ["Llm:Endpoint"] = Server.Endpoint.ToString(),
            ["Llm:Model"] = "test-model",
            // Generous: nothing here is about time, and the page's first call to the fake server pays for start-up and JIT
            // (5 s was missed on a loaded CI machine, and the page then rightly showed the Vietnamese).
            ["Llm:Timeout"] = "00:00:30", // the longest the options allow
            ["Llm:PromptsPath"] = Path.Combine(Path.GetDirectoryName(RepositoryPaths.Knowledge())!, "prompts"),
        });
        const string token = "khmerChecklistToken0001";
        await factory.Services.GetRequiredService<CitizenHelper.Storage.GuidedSessionStore>().SaveAsync(new CitizenHelper.Bot.Guided.GuidedSession
        {
            Token = token, ConversationId = "km-page", ProcedureCode = "1.001193", Language = "km", Stage = CitizenHelper.Bot.Guided.GuidedStage.Done,
            Answers = "yn----", Unit = "Xã Lạc Dương", StartedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        }, default);
        using var client = factory.CreateClient();

        var translated = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/guided/{token}"));
        var original = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/guided/{token}?original=true"));

        Assert.Contains("<html lang=\"km\">", translated, StringComparison.Ordinal);
        Assert.Contains("Bản dịch máy sang tiếng Khmer", translated, StringComparison.Ordinal);
        Assert.Contains("✔ ខ្មែរ Tờ khai đăng ký khai sinh", translated, StringComparison.Ordinal);
        Assert.Contains($"href=\"/guided/{token}?original=true\"", translated, StringComparison.Ordinal);
        // The keep bar's buttons (print, share, save) are named in the page's language too, not left in Vietnamese.
        Assert.Contains("<main data-keep-actions=\"ខ្មែរ Giữ danh sách này\"", translated, StringComparison.Ordinal);
        Assert.Contains("data-keep-print=\"ខ្មែរ In\"", translated, StringComparison.Ordinal);
        Assert.Contains("data-keep-print=\"In\"", original, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"vi\">", original, StringComparison.Ordinal);
        Assert.DoesNotContain("ខ្មែរ", original, StringComparison.Ordinal);
        Assert.Contains("✔ Tờ khai đăng ký khai sinh", original, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAnLlmTheChecklistPageIsInVietnameseAndSaysSo()
    {
        using var factory = new CitizenHelperFactory();
        const string token = "khmerChecklistToken0002";
        await factory.Services.GetRequiredService<CitizenHelper.Storage.GuidedSessionStore>().SaveAsync(new CitizenHelper.Bot.Guided.GuidedSession
        {
            Token = token, ConversationId = "km-page-2", ProcedureCode = "1.001193", Language = "km", Stage = CitizenHelper.Bot.Guided.GuidedStage.Done,
            Answers = "yn----", StartedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        }, default);
        using var client = factory.CreateClient();

        var page = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/guided/{token}"));

        Assert.Contains("(Chưa có bản tiếng Khmer cho phần này, nên tôi ghi bằng tiếng Việt.)", page, StringComparison.Ordinal);
        Assert.Contains("✔ Tờ khai đăng ký khai sinh", page, StringComparison.Ordinal);
        Assert.Equal(0, Server.Calls);
    }

    private GuidedHarness Bot() => new(llm: new LlmOptions
    {
        Provider = LlmProvider.OpenAICompatible,
        Endpoint = Server.Endpoint.ToString(),
        Model = "test-model",
        Timeout = TimeSpan.FromSeconds(5),
        PromptsPath = Path.Combine(Path.GetDirectoryName(RepositoryPaths.Knowledge())!, "prompts"),
    });
}

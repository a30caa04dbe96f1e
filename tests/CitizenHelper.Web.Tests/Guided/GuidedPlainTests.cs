using System.Text.RegularExpressions;
using CitizenHelper.Bot.Guided;
using CitizenHelper.Bot.Schema;

namespace CitizenHelper.Web.Tests.Guided;

/// <summary>
/// Guided mode on a phone (issue #18, points 5 and 6): "say it simpler" is one sentence with at most one hard word
/// behind a "?", read-aloud says the paper or step and its question only, and "what is this paper?" says what it is
/// and where it comes from in the knowledge documents' own words.
/// </summary>
public sealed partial class GuidedPlainTests : IDisposable
{
    private const string Birth = "1.001193";
    private readonly GuidedHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task SayItSimplerIsOneSentenceWithAtMostOneWordBehindAQuestionMark()
    {
        var step = await StepAsync("s1");
        var simpler = (await _bot.PressAsync("s1", step, "Nói dễ hiểu hơn"))[^1];

        var body = Paragraphs(simpler.Text!).Skip(1).ToList();
        Assert.StartsWith("**Bước 1/5, nói gọn**", simpler.Text);
        Assert.Single(body);
        Assert.Single(Sentences().Matches(body[0]));
        Assert.DoesNotContain("Giải thích từ khó", simpler.Text, StringComparison.Ordinal);
        Assert.True(simpler.Text!.Length < step.Text!.Length, "the simpler wording is shorter than the step");
        var titles = GuidedHarness.Titles(simpler).ToList();
        Assert.True(titles.Count(t => t.StartsWith('❓')) <= 1, string.Join(" | ", titles));
        Assert.Contains("Tiếp ▶", titles);
        Assert.Equal(body[0], simpler.Speak);
    }

    [Fact]
    public async Task TheQuestionMarkExplainsItsWordFromTheGlossaryAndKeepsTheButtons()
    {
        var step = await StepAsync("s2");
        var simpler = (await _bot.PressAsync("s2", step, "Nói dễ hiểu hơn"))[^1];
        var term = GuidedHarness.Titles(simpler).Single(t => t.StartsWith('❓'));

        var explained = (await _bot.PressAsync("s2", simpler, term))[^1];

        var glossary = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Knowledge(), "glossary", "vi.md"));
        var text = explained.Text!;
        var explanation = text[(text.IndexOf("**:", StringComparison.Ordinal) + 3)..].Trim();
        Assert.Contains(explanation, glossary, StringComparison.Ordinal);
        Assert.Contains("Tiếp ▶", GuidedHarness.Titles(explained));
        var next = (await _bot.PressAsync("s2", explained, "Tiếp ▶"))[^1];
        Assert.StartsWith("**Bước 2/5**", next.Text);
    }

    [Fact]
    public async Task ReadAloudSaysThePaperAndTheQuestionNotTheHeaderSourceOrLinks()
    {
        var first = (await _bot.OpenAsync("s3", Birth))[^1];

        Assert.StartsWith("Tờ khai đăng ký khai sinh theo mẫu.", first.Speak);
        Assert.EndsWith("Bạn đã có giấy này chưa?", first.Speak);
        Assert.DoesNotContain("Giấy tờ 1/6", first.Speak, StringComparison.Ordinal);
        Assert.DoesNotContain("http", first.Speak, StringComparison.Ordinal);
        Assert.DoesNotContain("Nguồn", first.Speak, StringComparison.Ordinal);
        Assert.DoesNotContain("Giải thích", first.Speak, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatIsThisPaperSaysWhatItIsAndWhereItComesFromInTheDocumentsOwnWords()
    {
        var message = (await _bot.OpenAsync("s4", Birth))[^1];
        message = (await _bot.PressAsync("s4", message, "✔ Đã có"))[^1];
        Assert.Contains("Giấy chứng sinh", message.Text);

        var what = (await _bot.PressAsync("s4", message, "❓ Giấy này là gì?"))[^1];

        Assert.StartsWith("**Về giấy này: Giấy chứng sinh do bệnh viện, trạm y tế cấp**", what.Text);
        Assert.Contains("Lấy ở đâu: ", what.Text);
        Assert.Contains("trạm y tế cấp khi em bé ra đời", what.Text); // the glossary: where it comes from
        Assert.Contains("người làm chứng", what.Text); // the procedure: what to bring without it
        // Nothing is said that the procedure or the glossary does not say.
        var sources = string.Join('\n',
            await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Knowledge(), "procedures", $"{Birth}.vi.md")),
            await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Knowledge(), "glossary", "vi.md")));
        foreach (var paragraph in Paragraphs(what.Text!).Skip(1))
        {
            foreach (Match sentence in Sentences().Matches(paragraph.Replace("Lấy ở đâu: ", "", StringComparison.Ordinal)))
            {
                var words = sentence.Value.TrimEnd('.', ' ');
                Assert.Contains(words[1..], sources, StringComparison.Ordinal);
            }
        }
        Assert.Contains("/kb/1.001193/vi", what.Entities![0].ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["✔ Đã có", "✘ Chưa có", "Gặp cán bộ", "Dừng"], GuidedHarness.Titles(what));
    }

    [Fact]
    public void APaperWhoseDocumentsSayNothingMoreHasNoInventedWhere()
    {
        var item = new GuidedItem(["Giấy tờ lạ."], "1 bản chính.", null, []);

        var (what, whereFrom) = GuidedHelp.AboutPaper(item, glossary: null);

        Assert.Empty(what);
        Assert.Empty(whereFrom);
    }

    /// <summary>The resident walks to step 1: papers said had, situations not theirs.</summary>
    private async Task<Activity> StepAsync(string conversation)
    {
        var message = (await _bot.OpenAsync(conversation, Birth))[^1];
        for (var paper = 1; paper <= 6; paper++)
        {
            message = (await _bot.PressAsync(conversation, message, GuidedHarness.Titles(message).Contains("Không phải trường hợp của tôi") ? "Không phải trường hợp của tôi" : "✔ Đã có"))[^1];
        }
        message = (await _bot.PressAsync(conversation, message, "Tiếp ▶"))[^1];
        Assert.StartsWith("**Bước 1/5**", message.Text);
        return message;
    }

    private static string[] Paragraphs(string text) => text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"[^.?!]+[.?!]")]
    private static partial Regex Sentences();
}

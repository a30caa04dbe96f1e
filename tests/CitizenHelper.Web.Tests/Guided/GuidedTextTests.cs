using System.Text.RegularExpressions;
using CitizenHelper.Bot.Guided;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Web.Tests.Guided;

/// <summary>The guided text of every procedure, in Vietnamese and English: plain, faithful, and explained.</summary>
public sealed partial class GuidedTextTests : IClassFixture<GuidedTextTests.Bot>
{
    private readonly GuidedHarness _bot;

    public GuidedTextTests(Bot bot) => _bot = bot.Harness;

    public sealed class Bot : IDisposable
    {
        public GuidedHarness Harness { get; } = new();

        public void Dispose() => Harness.Dispose();
    }

    public static TheoryData<string, string> EveryProcedure()
    {
        var data = new TheoryData<string, string>();
        using var harness = new GuidedHarness();
        foreach (var procedure in harness.Knowledge.Current.Base.Procedures.OrderBy(p => p.Code, StringComparer.Ordinal).ThenBy(p => p.Language, StringComparer.Ordinal))
        {
            data.Add(procedure.Code, procedure.Language);
        }
        return data;
    }

    /// <summary>
    /// The documents written by hand in plain words. A document generated from a portal record quotes the record's own
    /// sentences (a fee, a time limit or a paper's name is never reworded), so its sentences are as long as the
    /// record's; guided mode splits them where it can.
    /// </summary>
    public static TheoryData<string, string> EveryHandWrittenProcedure()
    {
        var data = new TheoryData<string, string>();
        using var harness = new GuidedHarness();
        foreach (var procedure in harness.Knowledge.Current.Base.Procedures.Where(p => p.RecordUpdated is null).OrderBy(p => p.Code, StringComparer.Ordinal).ThenBy(p => p.Language, StringComparer.Ordinal))
        {
            data.Add(procedure.Code, procedure.Language);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryHandWrittenProcedure))]
    public void EverySentenceIsShort(string code, string language)
    {
        var script = Script(code, language);

        var tooLong = script.AllSentences.Where(s => PlainWords.WordCount(s) > PlainWords.MaxSentenceWords).ToList();

        Assert.True(tooLong.Count == 0, $"{code}.{language}: sentences over {PlainWords.MaxSentenceWords} words:\n{string.Join("\n", tooLong)}");
        var average = script.AllSentences.Average(PlainWords.WordCount);
        Assert.True(average <= PlainWords.MaxAverageWords, $"{code}.{language}: sentences average {average:0.0} words");
    }

    [Theory]
    [MemberData(nameof(EveryProcedure))]
    public void EveryPaperAndStepOfTheProcedureIsThereAndNothingElse(string code, string language)
    {
        var script = Script(code, language);
        var procedure = script.Procedure;

        Assert.Equal(language, procedure.Language);
        Assert.False(script.FellBack);
        // A generated document's notes («Lưu ý») stand among its papers but are no paper: the guide leaves them to the
        // document it cites (#18).
        var lines = procedure.Section(SectionIds.Documents)!.Lines;
        Assert.Equal(lines.Count(l => !NoteLine().IsMatch(l)), script.Documents.Count);
        Assert.Equal(procedure.Section(SectionIds.Steps)!.Lines.Count, script.Steps.Count);
        var source = string.Join(" ", procedure.Sections.Values.SelectMany(s => s.Lines));
        var invented = script.AllSentences.SelectMany(s => Number().Matches(s).Select(m => m.Value)).Where(n => !source.Contains(n, StringComparison.Ordinal)).ToList();
        Assert.True(invented.Count == 0, $"{code}.{language}: numbers not in the procedure: {string.Join(", ", invented)}");
    }

    /// <summary>
    /// Walks the whole guide (one paper missing) and checks that every glossary word the resident reads is explained
    /// in the first message it appears in, and that no message shows a string key instead of words.
    /// </summary>
    [Theory]
    [MemberData(nameof(EveryHandWrittenProcedure))]
    public async Task EveryGlossaryWordIsExplainedWhereItFirstAppears(string code, string language)
    {
        var conversation = $"gloss-{code}-{language}";
        var messages = new List<Activity>();
        var sent = await _bot.OpenAsync(conversation, code, lang: language);
        messages.AddRange(sent);
        var en = language == "en";
        var (yes, notYet, notMine, next, skip) = en
            ? ("✔ I have it", "✘ Not yet", "This is not my case", "Next ▶", "Skip")
            : ("✔ Đã có", "✘ Chưa có", "Không phải trường hợp của tôi", "Tiếp ▶", "Bỏ qua");
        for (var turn = 0; turn < 80 && GuidedHarness.Titles(sent[^1]).Any(); turn++)
        {
            var titles = GuidedHarness.Titles(sent[^1]).ToList();
            // A paper needed only in some situation is asked as the situation first: not the resident's.
            var press = titles.Contains(notYet) ? (turn == 0 ? notYet : yes)
                : titles.Contains(notMine) ? notMine
                : titles.Contains(next) ? next
                : titles.Contains(skip) ? skip
                : null;
            if (press is null)
            {
                break;
            }
            sent = await _bot.PressAsync(conversation, sent[^1], press);
            messages.AddRange(sent);
        }
        Assert.Contains(language == "en" ? "Your checklist" : "Danh sách cần nhớ", messages[^1].Text, StringComparison.Ordinal);

        var glossary = _bot.Knowledge.Current.Base.GlossaryFor(language)!;
        var explained = new HashSet<string>();
        foreach (var message in messages.Where(m => m.Type == ActivityTypes.Message))
        {
            var text = message.Text!;
            var body = text.Split("\n\n_", 2)[0];
            foreach (var term in PlainWords.TermsIn(body, glossary).Where(t => !explained.Contains(t.Id)))
            {
                Assert.True(text.Contains($"**{PlainWords.ShortName(term)}**: {term.Explanation}", StringComparison.Ordinal),
                    $"{code}.{language}: '{term.Term}' is not explained in:\n{text}");
                explained.Add(term.Id);
            }
            Assert.DoesNotMatch(StringKey(), Address().Replace(text, "")); // links carry random tokens
        }
    }

    [Fact]
    public void VietnameseAndEnglishPacksHaveTheSameStrings()
    {
        var packs = _bot.Packs.Current;

        Assert.Empty(packs.Problems);
        Assert.Equal(packs.Find("vi")!.Strings.Keys.Order(StringComparer.Ordinal), packs.Find("en")!.Strings.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void SentencesAreSplitAtStopsSemicolonsAndLongRemarks()
    {
        var sentences = PlainWords.Sentences("Nộp hồ sơ tại Trung tâm; hoặc nộp trực tuyến (nếu bạn có tài khoản VNeID mức 2). Nhận **kết quả** — 1 bản.");

        Assert.Equal(["Nộp hồ sơ tại Trung tâm.", "Hoặc nộp trực tuyến.", "Nhận kết quả.", "1 bản.", "Nếu bạn có tài khoản VNeID mức 2."], sentences);
    }

    private GuidedScript Script(string code, string language) =>
        GuidedScript.For(_bot.Knowledge.Current.Base, _bot.Packs.Current, code, language) ?? throw new InvalidOperationException(code);

    [GeneratedRegex(@"^(?:Chỉ khi thuộc trường hợp|Only in the case) «(?:Lưu ý|Ghi chú|Chú ý):?»")]
    private static partial Regex NoteLine();

    [GeneratedRegex(@"\d+(?:[.,/]\d+)*")]
    private static partial Regex Number();

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Address();

    /// <summary>A missing string shows as its key, a lower camel-case word such as <c>missingHow</c>.</summary>
    [GeneratedRegex(@"(?<![\w/.=-])[a-z]+[A-Z][a-zA-Z]+(?![\w/.-])")]
    private static partial Regex StringKey();
}

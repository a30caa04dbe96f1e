namespace CitizenHelper.Web.Tests.Guided;

/// <summary>A province adds a language by adding a folder under knowledge/languages: no code changes.</summary>
public sealed class LanguagePackTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("citizenhelper-packs-").FullName;

    public LanguagePackTests()
    {
        // The bundled guided words and glossary and the two procedures the tests open: a small knowledge base loads in
        // a moment, the whole one takes seconds.
        var source = RepositoryPaths.Knowledge();
        var wanted = Directory.EnumerateFiles(Path.Combine(source, "languages"), "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(source, "glossary"), "*", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(Path.Combine(source, "procedures"), "1.001193.*.md"))
            .Concat(Directory.EnumerateFiles(Path.Combine(source, "procedures"), "1.000894.*.md"));
        foreach (var file in wanted)
        {
            var target = Path.Combine(_root, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        // A made-up language "xx": a few strings, and the birth registration lines; everything else is missing.
        var pack = Path.Combine(_root, "languages", "xx");
        Directory.CreateDirectory(Path.Combine(pack, "procedures"));
        File.WriteAllText(Path.Combine(pack, "strings.json"), """
            { "lang": "xx", "name": "Xx", "strings": { "documentHeader": "XX-PAPER {0}/{1}", "yes": "XX-YES" } }
            """);
        File.WriteAllText(Path.Combine(pack, "procedures", "1.001193.md"), """
            ## Papers {#documents}
            - XX form — 1 XX original.
            - XX birth paper — 1 XX original.
            - Only if XX abandoned: XX record — 1 XX original.
            - Only if XX surrogacy: XX letter — 1 XX original.
            - Only if XX proxy: XX authorisation — 1 XX original.
            - XX show your ID.

            ## Steps {#steps}
            1. XX hand in.
            2. XX check.
            3. XX review.
            4. XX sign.
            5. XX receive.
            """);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task APackTranslatesWhatItHasAndTheRestFallsBackToVietnamese()
    {
        using var bot = new GuidedHarness(_root);

        var sent = await bot.OpenAsync("x1", "1.001193", lang: "xx");

        var first = sent[^1];
        Assert.StartsWith("**XX-PAPER 1/6**", first.Text);
        Assert.Contains("XX form", first.Text);
        Assert.Contains("XX-YES", GuidedHarness.Titles(first));
        Assert.Contains("✘ Chưa có", GuidedHarness.Titles(first)); // a string the pack lacks: Vietnamese
        Assert.DoesNotContain("Chưa có bản", first.Text, StringComparison.Ordinal);
        Assert.Equal("xx", first.Locale);
    }

    [Fact]
    public async Task AProcedureWithoutATranslationIsShownInVietnameseAndSaysSo()
    {
        using var bot = new GuidedHarness(_root);

        var sent = await bot.OpenAsync("x2", "1.000894", lang: "xx");

        Assert.StartsWith("(Chưa có bản Xx cho phần này, nên tôi ghi bằng tiếng Việt.)", sent[^1].Text);
        Assert.Contains("**XX-PAPER 1/", sent[^1].Text);
    }

    [Fact]
    public async Task ALanguageWithNoPackAtAllIsShownInVietnameseAndSaysSo()
    {
        using var bot = new GuidedHarness(_root);

        var sent = await bot.OpenAsync("x3", "1.001193", lang: "km");

        Assert.StartsWith("(Chưa có bản tiếng Khmer cho phần này, nên tôi ghi bằng tiếng Việt.)", sent[^1].Text);
        Assert.Contains("**Giấy tờ 1/6**", sent[^1].Text);
        Assert.Equal("vi-VN", sent[^1].Locale); // read with a Vietnamese voice
    }

    [Fact]
    public void ABrokenStringsFileIsReportedNotFatal()
    {
        File.WriteAllText(Path.Combine(_root, "languages", "xx", "strings.json"), "{ not json");
        using var bot = new GuidedHarness(_root);

        var packs = bot.Packs.Current;

        Assert.Contains(packs.Problems, p => p.File == "languages/xx/strings.json");
        Assert.Equal("Đã dừng hướng dẫn. Khi muốn làm tiếp, bấm «Tiếp tục hướng dẫn» hoặc mở lại đường link đã lưu.", packs.Text("xx", "stopped"));
    }
}

using CitizenHelper.Bot.Guided;

namespace CitizenHelper.Web.Tests.Guided;

/// <summary>
/// A document generated from a portal record files its papers under the record's groups, «Giấy tờ phải nộp»,
/// «Lưu ý» or a real case («Đối với trường hợp …»): only a case is asked as the resident's situation (#18).
/// </summary>
public sealed class GuidedSituationTests : IDisposable
{
    private const string Code = "9.000001";
    private const string Case = "Đối với trường hợp mất Trang bổ sung";
    private readonly string _root = Directory.CreateTempSubdirectory("citizenhelper-situations-").FullName;
    private readonly GuidedHarness _bot;

    public GuidedSituationTests()
    {
        // The guided words and glossary of the bundled knowledge, and one generated procedure in both languages.
        foreach (var folder in new[] { "languages", "glossary" })
        {
            var source = Path.Combine(RepositoryPaths.Knowledge(), folder);
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(_root, folder, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
        Directory.CreateDirectory(Path.Combine(_root, "procedures"));
        File.WriteAllText(Path.Combine(_root, "procedures", $"{Code}.vi.md"), Generated("vi", "Chỉ khi thuộc trường hợp", "bản chính", "bản sao"));
        File.WriteAllText(Path.Combine(_root, "procedures", $"{Code}.en.md"), Generated("en", "Only in the case", "original(s)", "copy(ies)"));
        _bot = new GuidedHarness(_root);
    }

    public void Dispose()
    {
        _bot.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData("vi")]
    [InlineData("en")]
    public void OnlyARealCaseIsASituationAndANoteIsNoPaper(string language)
    {
        var script = GuidedScript.For(_bot.Knowledge.Current.Base, _bot.Packs.Current, Code, language)!;

        Assert.Equal(["Tờ khai đề nghị cấp lại", "Giấy tờ tùy thân", "Đơn trình bày lý do mất"], script.Documents.Select(d => d.Title));
        Assert.Null(script.Documents[0].Condition);
        Assert.Null(script.Documents[1].Condition);
        Assert.Contains(Case, script.Documents[2].Condition, StringComparison.Ordinal);
        // The note is not asked about, and no paper's name carries the group it was filed under.
        Assert.DoesNotContain(script.AllSentences, s => s.Contains("Người tiếp nhận", StringComparison.Ordinal) || s.Contains('«', StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheGuideAsksAboutEveryonesPapersAndThenOnlyAboutTheRealCase()
    {
        string T(string key) => _bot.Packs.Current.Text("vi", key);
        var situationAsk = T("situationAsk")[..T("situationAsk").IndexOf('{', StringComparison.Ordinal)];

        var first = (await _bot.OpenAsync("s1", Code))[^1];
        Assert.StartsWith("**Giấy tờ 1/3**", first.Text, StringComparison.Ordinal);
        Assert.Contains("Tờ khai đề nghị cấp lại", first.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(situationAsk, first.Text, StringComparison.Ordinal);
        Assert.Contains(T("yes"), GuidedHarness.Titles(first));

        var second = (await _bot.PressAsync("s1", first, T("yes")))[^1];
        Assert.StartsWith("**Giấy tờ 2/3**", second.Text, StringComparison.Ordinal);
        Assert.Contains("Giấy tờ tùy thân", second.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(situationAsk, second.Text, StringComparison.Ordinal);

        var third = (await _bot.PressAsync("s1", second, T("yes")))[^1];
        Assert.StartsWith("**Giấy tờ 3/3**", third.Text, StringComparison.Ordinal);
        Assert.Contains(situationAsk, third.Text, StringComparison.Ordinal);
        Assert.Contains(Case, third.Text, StringComparison.Ordinal);
        Assert.Equal([T("situationYes"), T("notMyCase"), T("back"), T("stop")], GuidedHarness.Titles(third));
    }

    /// <summary>A procedure laid out as <c>kb generate</c> writes one: each paper behind the record's group.</summary>
    private static string Generated(string language, string onlyIn, string originals, string copies) => $$"""
        ---
        code: "{{Code}}"
        lang: {{language}}
        title: Cấp lại Trang bổ sung
        field: Đất đai
        authority: Ủy ban nhân dân cấp xã
        online: none
        legal_basis: [Luật Đất đai 2024]
        effective: 2025-07-01
        verified: 2026-11-01
        sources:
          - title: Cổng Dịch vụ công quốc gia
            url: https://dichvucong.gov.vn/
        ---

        # Cấp lại Trang bổ sung

        Cấp lại Trang bổ sung của Giấy chứng nhận.

        ## Các bước {#steps}

        1. Nộp hồ sơ tại Trung tâm Phục vụ hành chính công.

        ## Giấy tờ {#documents}

        - {{onlyIn}} «Giấy tờ phải nộp»: Tờ khai đề nghị cấp lại — 1 {{originals}}, 0 {{copies}}.
        - {{onlyIn}} «Giấy tờ phải xuất trình»: Giấy tờ tùy thân — 1 {{originals}}, 0 {{copies}}.
        - {{onlyIn}} «Lưu ý»: Người tiếp nhận có trách nhiệm kiểm tra hồ sơ.
        - {{onlyIn}} «{{Case}}»: Đơn trình bày lý do mất — 1 {{originals}}, 0 {{copies}}.

        ## Lệ phí {#fee}

        - Miễn lệ phí.

        ## Thời hạn {#time}

        - 10 ngày làm việc.

        ## Nơi nộp {#where}

        - Trung tâm Phục vụ hành chính công.

        ## Kết quả {#result}

        - Trang bổ sung.
        """;
}

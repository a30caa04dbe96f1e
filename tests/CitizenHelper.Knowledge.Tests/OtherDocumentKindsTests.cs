using CitizenHelper.Knowledge.Parsing;

namespace CitizenHelper.Knowledge.Tests;

/// <summary>Help topics, the glossary and the centers list: what they accept and how they report problems.</summary>
public sealed class OtherDocumentKindsTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Fact]
    public void HelpTopicNeedsStepsAndAnId()
    {
        const string text = """
            ---
            id: Bad Id
            lang: vi
            title: Tra cứu hồ sơ
            verified: 2026-11-01
            sources:
              - title: Cổng
                url: https://dichvucong.gov.vn/
            ---

            # Tra cứu hồ sơ

            Cách xem hồ sơ đang ở bước nào.

            ## Lưu ý {#notes}

            - Giữ phiếu hẹn.
            """;

        var result = HelpTopicParser.Parse(text, "help/x.vi.md", Today);

        Assert.Null(result.Document);
        Assert.Equal(
            ["help/x.vi.md:1: required section {#steps} is missing", "help/x.vi.md:2: 'id' must be lowercase letters, digits and dashes, not 'Bad Id'"],
            result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void GlossaryTermsNeedIdsAndExplanations()
    {
        const string text = """
            ---
            lang: vi
            verified: 2026-11-01
            ---

            # Giải thích từ ngữ

            ## Trích lục {#trich-luc}

            Bản giấy ghi lại thông tin đã đăng ký.

            ## Chứng thực

            Xác nhận bản sao đúng bản chính.

            ## Bản sao {#trich-luc}

            Bản chép lại.

            ## Hộ tịch {#ho-tich}
            """;

        var (glossary, problems) = GlossaryParser.Parse(text, "glossary/vi.md", Today);

        Assert.Null(glossary);
        Assert.Equal(
            [
                "glossary/vi.md:12: term 'Chứng thực' needs an id of lowercase letters, digits and dashes, such as {#trich-luc}",
                "glossary/vi.md:16: term id 'trich-luc' appears twice",
                "glossary/vi.md:20: term 'Hộ tịch' has no explanation",
            ],
            problems.Select(p => p.ToString()));
    }

    [Fact]
    public void BundledGlossariesCarryTheSameTermsInBothLanguages()
    {
        var knowledge = KnowledgeLoader.Load(RepositoryPaths.Knowledge(), TimeProvider.System);

        var vi = knowledge.GlossaryFor("vi")!;
        var en = knowledge.GlossaryFor("en")!;
        Assert.True(vi.Terms.Count >= 80, $"{vi.Terms.Count} terms");
        Assert.Equal(vi.Terms.Select(t => t.Id), en.Terms.Select(t => t.Id));
        Assert.NotNull(vi.Find("trich-luc"));
    }

    [Fact]
    public void CentersListKeepsEmptyContactDetailsEmpty()
    {
        const string csv = """
            unit_code,unit_name,province,center_name,address,hours,phone,merged_from,source_url,sample
            ,Xã Cư Jút,Lâm Đồng,,,,,"Xã Tâm Thắng;Xã Trúc Sơn",https://example.gov.vn/a,yes
            ,,Lâm Đồng,,,,,,,
            ,Xã B,Lâm Đồng,,,,,,not-a-url,
            ,Xã C,Lâm Đồng,,,,,,,maybe
            ,Xã D,Lâm Đồng
            """;

        var (units, problems) = CentersParser.Parse(csv, "centers/x.csv");

        var unit = Assert.Single(units);
        Assert.Null(unit.Address);
        Assert.Null(unit.Phone);
        Assert.Equal(["Xã Tâm Thắng", "Xã Trúc Sơn"], unit.MergedFrom);
        Assert.True(unit.Sample);
        Assert.Equal([3, 4, 5, 6], problems.Select(p => p.Line));
    }
}

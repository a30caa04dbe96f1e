using CitizenHelper.Knowledge;

namespace CitizenHelper.Knowledge.Tests;

/// <summary>The bundled national catalog, with its full records, crawl date, provinces and our names for its procedures.</summary>
public sealed class CatalogLoadingTests
{
    private static readonly KnowledgeBase Bundled = KnowledgeLoader.Load(RepositoryPaths.Knowledge(), TimeProvider.System, RepositoryPaths.Catalog());

    [Fact]
    public void TheBundledCatalogLoadsWithoutProblemsBeyondTheCrawlsOwnFourBadLines()
    {
        // The crawl has one code twice and three entries without a code: reported, left out.
        Assert.Equal(4, Bundled.Problems.Count(p => p.File == "catalog.jsonl.gz"));
        Assert.Empty(Bundled.Problems.Where(p => p.File != "catalog.jsonl.gz").Select(p => p.ToString()));
        // 5,670 less the four bad lines and the 238 procedures with a document of ours.
        Assert.True(Bundled.Catalog.Count > 5400, $"only {Bundled.Catalog.Count} catalog entries");
        Assert.DoesNotContain(Bundled.Catalog, c => Bundled.Find(c.Code, "vi") is not null);
        Assert.Equal(34, Bundled.ListedProvinces.Count);
    }

    [Fact]
    public void EntriesAreDatedByTheCrawlNotByTheFileOnDisk()
    {
        Assert.All(Bundled.Catalog, c => Assert.Equal(new DateOnly(2026, 7, 18), c.Verified));
    }

    [Fact]
    public void AProvincesOwnVersionNamesItsProvinceAndANationalOneNone()
    {
        var specific = Assert.IsType<CatalogProcedure>(Bundled.FindDocument("1.115744", "vi"));
        var national = Assert.IsType<CatalogProcedure>(Bundled.FindDocument("3.000346", "vi"));

        Assert.Equal("Lạng Sơn", specific.Province);
        Assert.Null(national.Province);
        Assert.Contains("1.115744", Bundled.SameTitle("1.115609"));
        Assert.Equal(["3.000346"], Bundled.SameTitle("3.000346"));
    }

    [Fact]
    public void FullRecordsSayWhoHandlesItAndWhetherTheCommuneCenterReceivesIt()
    {
        // Every commune-level record has a document of ours, so its catalog entry gives way to it.
        Assert.IsType<Procedure>(Bundled.FindDocument("2.000806", "vi"));
        var provincial = Assert.IsType<CatalogProcedure>(Bundled.FindDocument("2.001610", "vi")).Record;

        Assert.NotNull(provincial);
        Assert.Equal(HandlingLevel.Province, provincial.Level);
        Assert.Null(Assert.IsType<CatalogProcedure>(Bundled.FindDocument("3.000346", "vi")).Record);
    }

    [Fact]
    public void OurNamesForCatalogProceduresAreItsAliases()
    {
        Assert.Contains("bằng lái xe", Bundled.FindDocument("3.000346", "vi")!.Aliases);
    }

    [Theory]
    [InlineData("Trung tâm Phục vụ hành chính công tỉnh/xã", true)]
    [InlineData("- Trung tâm Phục vụ hành chính công cấp xã.\n- Cổng dịch vụ công", true)]
    [InlineData("Các Trung tâm Phục vụ HCC trên địa bàn thành phố Hải Phòng", false)]
    [InlineData("- Bộ phận tiếp nhận và trả kết quả của Sở Nông nghiệp và Môi trường", false)]
    public void ACommuneCenterIsTakenOnlyWhenTheAddressNamesIt(string address, bool commune)
    {
        Assert.Equal(commune, CatalogLoader.CommuneCenterNamed(address));
    }
}

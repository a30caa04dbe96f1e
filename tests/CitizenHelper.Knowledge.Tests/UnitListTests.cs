using System.IO.Compression;
using System.Text;
using CitizenHelper.Knowledge.Units;

namespace CitizenHelper.Knowledge.Tests;

public sealed class UnitListTests : IDisposable
{
    private const string ListHeader = "code,name,level,province_code,province,resolution,merged_from,admin_seat,area_km2,population,lat,lon";
    private const string FormersHeader = "old_province,old_district,old_ward,old_ward_code,divided,new_province,new_ward,new_ward_code";
    private const string CentersHeader = "unit_code,unit_name,province,center_name,address,hours,phone,merged_from,source_url,sample";

    private readonly string _root = Directory.CreateTempSubdirectory("units-").FullName;

    public UnitListTests() => Directory.CreateDirectory(Path.Combine(_root, KnowledgeLoader.ProceduresFolder));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void TheBundledListsGiveEveryUnitOf2025ItsProvinceSeatAndCenter()
    {
        var knowledge = KnowledgeLoader.Load(RepositoryPaths.Knowledge(), TimeProvider.System);

        Assert.DoesNotContain(knowledge.Problems, p => p.File.StartsWith("units/", StringComparison.Ordinal) || p.File.StartsWith("centers/", StringComparison.Ordinal));
        Assert.Equal(3321, knowledge.Units.Count);
        Assert.Equal(3321, knowledge.Units.Select(u => u.Code).Distinct().Count());
        Assert.True(knowledge.FormerUnits.Count > 10_000, $"{knowledge.FormerUnits.Count} former units");
        var cuJut = knowledge.UnitDirectory.ByCode("24640")!;
        Assert.Equal(("Xã Cư Jút", "Tỉnh Lâm Đồng", "Thị trấn Ea Tling", true), (cuJut.Name, cuJut.Province, cuJut.Address, cuJut.AddressIsSeat));
        Assert.Equal("Trung tâm Phục vụ hành chính công xã Cư Jút", cuJut.CenterName);
        Assert.Contains("Xã Tâm Thắng", cuJut.MergedFrom);
        Assert.Equal("Phường Hoàn Kiếm", knowledge.UnitDirectory.ByCode("00070")!.Name); // broken over two lines in the list
        Assert.All(knowledge.Units, u => Assert.NotEqual("đang cập nhật", u.Address));
        Assert.Equal(["00008", "00025"], knowledge.FormerUnits.Single(f => f.Code == "00007").NewCodes.Order());
    }

    [Fact]
    public void AStaffRowAddsHoursAndPhoneToTheUnitItNamesByCodeOrByNameAndProvince()
    {
        WriteLists();
        WriteCenters(
            "00002,,,,,7:30–17:00 thứ Hai–thứ Sáu,0123 456 789,,https://example.gov.vn/a,",
            ",Xã Bình An,Tỉnh Mẫu,Bộ phận một cửa xã Bình An,Số 1 đường Lớn,,,,,");

        var knowledge = KnowledgeLoader.Load(_root, TimeProvider.System);

        Assert.DoesNotContain(knowledge.Problems, p => p.File.StartsWith("units/", StringComparison.Ordinal) || p.File.StartsWith("centers/", StringComparison.Ordinal));
        var tanPhu = knowledge.UnitDirectory.ByCode("00002")!;
        Assert.Equal(("7:30–17:00 thứ Hai–thứ Sáu", "0123 456 789", "Số 5 thôn Đông", true), (tanPhu.Hours, tanPhu.Phone, tanPhu.Address, tanPhu.AddressIsSeat));
        Assert.Equal("centers/x.csv", tanPhu.SourcePath);
        var binhAn = knowledge.UnitDirectory.ByCode("00001")!;
        Assert.Equal(("Bộ phận một cửa xã Bình An", "Số 1 đường Lớn", false), (binhAn.CenterName, binhAn.Address, binhAn.AddressIsSeat));
        Assert.Null(knowledge.UnitDirectory.ByCode("00003")!.Address); // "đang cập nhật"
    }

    [Fact]
    public void ABrokenRowIsReportedWithFileAndLineAndTheOthersAreStillServed()
    {
        WriteLists(extraUnit: "12,Xã Hỏng,Xã,99,Tỉnh Mẫu,,,,,,,", extraFormer: "Tỉnh Cũ,Huyện Cũ,Xã Hỏng,00009,Maybe,Tỉnh Mẫu,Xã Bình An,00001");
        WriteCenters("99999,,,,,,,,,", ",Xã Không Có,Tỉnh Mẫu,,,,,,,");

        var knowledge = KnowledgeLoader.Load(_root, TimeProvider.System);
        var problems = knowledge.Problems.Select(p => p.ToString()).ToList();

        Assert.Contains("units/units-2025.csv.gz:5: code '12' must be 5 digits", problems);
        Assert.Contains("units/legacy-to-2025.csv.gz:5: divided must be True or False, not 'Maybe'", problems);
        Assert.Contains("centers/x.csv:2: unit_code 99999 is not in units/units-2025.csv.gz", problems);
        Assert.Contains(problems, p => p.StartsWith("centers/x.csv:3: no unit named 'Xã Không Có'", StringComparison.Ordinal));
        Assert.Equal(3, knowledge.Units.Count);
        Assert.Equal(3, knowledge.FormerUnits.Count);
    }

    [Fact]
    public void AFileThatIsNotGzipIsReportedAndNothingIsReadFromIt()
    {
        WriteLists();
        File.WriteAllText(Path.Combine(_root, "units", UnitsLoader.ListFile), "not gzip");

        var knowledge = KnowledgeLoader.Load(_root, TimeProvider.System);

        Assert.Contains(knowledge.Problems, p => p.File == "units/units-2025.csv.gz" && p.Message.Contains("gzip", StringComparison.Ordinal));
        Assert.Empty(knowledge.Units);
    }

    private void WriteLists(string? extraUnit = null, string? extraFormer = null)
    {
        WriteGzip(UnitsLoader.ListFile,
            ListHeader,
            "00001,Xã Bình An,Xã,99,Tỉnh Mẫu,Số: 1/NQ,\"Xã Đông, Xã Tây\",Số 9 thôn Tây,1,1,1,1",
            "00002,Xã Tân Phú,Xã,99,Tỉnh Mẫu,Số: 1/NQ,Xã Bắc,Số 5 thôn Đông,1,1,1,1",
            "00003,Xã Mới,Xã,99,Tỉnh Mẫu,Số: 1/NQ,Xã Nam,đang cập nhật,1,1,1,1",
            extraUnit);
        WriteGzip(UnitsLoader.FormersFile,
            FormersHeader,
            "Tỉnh Cũ,Huyện Cũ,Xã Đông,00010,False,Tỉnh Mẫu,Xã Bình An,00001",
            "Tỉnh Cũ,Huyện Cũ,Xã Tây,00011,True,Tỉnh Mẫu,Xã Bình An,00001",
            "Tỉnh Cũ,Huyện Cũ,Xã Tây,00011,True,Tỉnh Mẫu,Xã Tân Phú,00002",
            extraFormer,
            "Tỉnh Cũ,Huyện Cũ,Xã Bắc,00012,False,Tỉnh Mẫu,Xã Tân Phú,00002");
    }

    private void WriteGzip(string name, params string?[] lines)
    {
        Directory.CreateDirectory(Path.Combine(_root, "units"));
        using var file = File.Create(Path.Combine(_root, "units", name));
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines.OfType<string>()) + "\n");
        gzip.Write(bytes);
    }

    private void WriteCenters(params string[] rows)
    {
        Directory.CreateDirectory(Path.Combine(_root, "centers"));
        File.WriteAllText(Path.Combine(_root, "centers", "x.csv"), string.Join("\n", [CentersHeader, .. rows]) + "\n");
    }
}

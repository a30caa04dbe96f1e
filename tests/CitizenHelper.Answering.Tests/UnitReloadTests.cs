using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitizenHelper.Answering.Tests;

public sealed class UnitReloadTests : IDisposable
{
    private readonly TestKnowledge _knowledge = new();

    public void Dispose() => _knowledge.Dispose();

    [Fact]
    public void AReloadWithABrokenUnitsOrCentersFileKeepsServingTheLastGoodUnits()
    {
        _knowledge.WriteProcedure("1.000001", "Thủ tục thử", "1 ngày");
        WriteList("00001,Xã Bình An,Xã,99,Tỉnh Mẫu,,,Số 9 thôn Tây,,,,", "00002,Xã Tân Phú,Xã,99,Tỉnh Mẫu,,,Số 5 thôn Đông,,,,");
        WriteCenters("00001,,,,,,0123 456 789,,,");
        var provider = new KnowledgeProvider(_knowledge.Root, null, TimeProvider.System, NullLogger<KnowledgeProvider>.Instance);
        Assert.Equal("0123 456 789", provider.Current.Base.UnitDirectory.ByCode("00001")!.Phone);

        WriteCenters("00001,,,,,,0123 456 789,,,maybe");
        var afterBrokenRow = provider.Reload().Base;
        File.WriteAllText(Path.Combine(_knowledge.Root, "units", "units-2025.csv.gz"), "not gzip");
        var afterBrokenList = provider.Reload().Base;

        Assert.Contains(afterBrokenRow.Problems, p => p.ToString() == "centers/x.csv:2: sample must be yes, no or empty, not 'maybe'");
        Assert.Equal("0123 456 789", afterBrokenRow.UnitDirectory.ByCode("00001")!.Phone);
        Assert.Contains(afterBrokenList.Problems, p => p.File == "units/units-2025.csv.gz");
        Assert.Equal(["00001", "00002"], afterBrokenList.Units.Select(u => u.Code).Order());
        Assert.Equal("Số 5 thôn Đông", afterBrokenList.UnitDirectory.ByCode("00002")!.Address);
    }

    private void WriteList(params string[] rows)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_knowledge.Root, "units")).FullName;
        Write(Path.Combine(folder, "units-2025.csv.gz"), ["code,name,level,province_code,province,resolution,merged_from,admin_seat,area_km2,population,lat,lon", .. rows]);
        Write(Path.Combine(folder, "legacy-to-2025.csv.gz"), ["old_province,old_district,old_ward,old_ward_code,divided,new_province,new_ward,new_ward_code", "Tỉnh Cũ,Huyện Cũ,Xã Đông,00010,False,Tỉnh Mẫu,Xã Bình An,00001"]);
    }

    private static void Write(string path, string[] lines)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        gzip.Write(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
    }

    private void WriteCenters(string row)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_knowledge.Root, "centers")).FullName;
        File.WriteAllText(Path.Combine(folder, "x.csv"), "unit_code,unit_name,province,center_name,address,hours,phone,merged_from,source_url,sample\n" + row + "\n");
    }
}

using CitizenHelper.Knowledge.Import;
using CitizenHelper.Knowledge.Parsing;

namespace CitizenHelper.Knowledge.Tests;

/// <summary>Documents generated from portal records: the record's facts as the record has them, and nothing else.</summary>
public sealed class PortalDocumentsTests : IDisposable
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    // A province's version of a procedure with two cases, two submission methods and a fee per case.
    private const string Record = """
        {"code":"OK","data":{"id":"rec-1","code":"1.999001","name":"Thủ tục Đính chính giấy chứng nhận đã cấp",
         "type":"SPECIFIC","departmentPromulgateName":"UBND Thành phố Hải Phòng","isWard":true,"isFullProcess":false,
         "categoriesDetails":[{"name":"Đất đai"}],"unitGroupsExecuting":[{"name":"Ủy ban nhân dân cấp xã"}],
         "executionSteps":[{"description":"- Bước 1: Nộp hồ sơ.\n+ Trường hợp thiếu giấy tờ thì bổ sung.\n- Bước 2: Nhận kết quả."}],
         "executionCases":[
           {"name":"Hộ gia đình:","profileComponents":[{"name":"1. Đơn đề nghị đính chính","originalQty":1,"copyQty":0}]},
           {"name":"Tổ chức:","profileComponents":[{"name":"Văn bản đề nghị <mẫu 02>","originalQty":1,"copyQty":1}]}],
         "executionMethods":[
           {"submissionMethod":"DIRECT","processingTime":10,"processingTimeUnit":"WORKING_DAY","description":"Hộ gia đình: 10 ngày làm việc","fees":[{"value":50000,"description":""}]},
           {"submissionMethod":"ONLINE","processingTime":10,"processingTimeUnit":"WORKING_DAY","description":"Hộ gia đình: 10 ngày làm việc","fees":[{"value":25000,"description":"nộp trực tuyến"}]}],
         "legalBasisesDetails":[{"name":"Luật Đất đai","code":"31/2024/QH15"}],
         "resultsDetails":[{"name":"Giấy chứng nhận đã đính chính"}],
         "requirementsAndConditions":"Không","updatedAt":1781668478601,
         "procedureProposal":{"proposalNumber":"12/QĐ-UBND","decisionDate":1777050000000}}}
        """;

    private static readonly PortalAdditions Additions = new(
        "Correcting an issued land certificate", ["sửa sổ đỏ bị sai"], ["fix a wrong land certificate"],
        ["Sổ đỏ ghi sai tên hoặc diện tích"], ["The land certificate has a wrong name or area"]);

    private readonly string _root = Directory.CreateTempSubdirectory("kb-generate-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Procedure Parse(string markdown, string language)
    {
        var result = ProcedureParser.Parse(markdown, $"1.999001.{language}.md", Today);
        Assert.True(result.Problems.Count == 0, string.Join("; ", result.Problems));
        return result.Document!;
    }

    [Fact]
    public void VietnameseDocumentCarriesTheRecordsFactsAsWritten()
    {
        var record = PortalRecord.Read(Record)!;

        var document = Parse(PortalDocuments.Render(record, Additions, "vi"), "vi");

        Assert.Equal("Đính chính giấy chứng nhận đã cấp", document.Title);
        Assert.Equal("Thành phố Hải Phòng", document.Province);
        Assert.Equal(new DateOnly(2026, 6, 17), document.RecordUpdated);
        Assert.Equal(["sửa sổ đỏ bị sai"], document.Aliases);
        Assert.Contains("Sổ đỏ ghi sai tên hoặc diện tích", document.Summary, StringComparison.Ordinal);
        Assert.Equal(["Luật Đất đai (31/2024/QH15)"], document.LegalBasis);
        Assert.Equal(OnlineAvailability.Partial, document.Online);
        // "+ Trường hợp…" continues step 1; it does not become a step of its own.
        Assert.Equal(2, document.Section(SectionIds.Steps)!.Lines.Count);
        Assert.Contains(document.Section(SectionIds.Documents)!.Lines, l => l.StartsWith("Chỉ khi thuộc trường hợp «Hộ gia đình»: 1\\. Đơn đề nghị đính chính — 1 bản chính, 0 bản sao", StringComparison.Ordinal));
        Assert.Contains(document.Section(SectionIds.Documents)!.Lines, l => l.Contains("Văn bản đề nghị ‹mẫu 02›", StringComparison.Ordinal));
        Assert.Contains(document.Section(SectionIds.Fee)!.Lines, l => l.StartsWith("Nộp trực tiếp: 50.000 đồng", StringComparison.Ordinal));
        Assert.Contains(document.Section(SectionIds.Fee)!.Lines, l => l.StartsWith("Nộp trực tuyến: 25.000 đồng (nộp trực tuyến)", StringComparison.Ordinal));
        Assert.Equal("Nộp trực tiếp, Nộp trực tuyến: 10 ngày làm việc — theo hồ sơ: «Hộ gia đình: 10 ngày làm việc».", Assert.Single(document.Section(SectionIds.Time)!.Lines));
        Assert.Contains(document.Section(SectionIds.Notes)!.Lines, l => l.Contains("UBND Thành phố Hải Phòng công bố (12/QĐ-UBND)", StringComparison.Ordinal) && l.Contains("17/06/2026", StringComparison.Ordinal));
        Assert.DoesNotContain(document.Section(SectionIds.Notes)!.Lines, l => l.Contains("Điều kiện", StringComparison.Ordinal));
    }

    [Fact]
    public void EnglishDocumentTranslatesTheFrameAndQuotesTheRecord()
    {
        var record = PortalRecord.Read(Record)!;

        var document = Parse(PortalDocuments.Render(record, Additions, "en"), "en");

        Assert.Equal("Correcting an issued land certificate", document.Title);
        Assert.Contains("Đính chính giấy chứng nhận đã cấp", document.Aliases);
        Assert.Contains(document.Section(SectionIds.Documents)!.Lines, l => l.Contains("Đơn đề nghị đính chính — 1 original(s), 0 copy(ies)", StringComparison.Ordinal));
        Assert.Contains(document.Section(SectionIds.Fee)!.Lines, l => l.StartsWith("In person: 50.000 đồng", StringComparison.Ordinal));
        Assert.StartsWith("In person, Online: 10 working days", Assert.Single(document.Section(SectionIds.Time)!.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAdditionsTheDocumentHasOnlyTheRecordsName()
    {
        var document = Parse(PortalDocuments.Render(PortalRecord.Read(Record)!, null, "en"), "en");

        Assert.Equal("Đính chính giấy chứng nhận đã cấp", document.Title);
        Assert.Empty(document.Aliases.Except(["Đính chính giấy chứng nhận đã cấp"]));
    }

    [Fact]
    public void RecordWithoutStepsOrMethodsWritesNoDocumentAndSaysWhy()
    {
        var portal = Directory.CreateDirectory(Path.Combine(_root, PortalGeneration.PortalFolder)).FullName;
        var broken = Record.Replace("\"executionSteps\"", "\"x\"", StringComparison.Ordinal).Replace("\"executionMethods\"", "\"y\"", StringComparison.Ordinal).ReplaceLineEndings("");
        File.WriteAllLines(Path.Combine(portal, "records.jsonl"), [broken, "{not json"]);
        using (var gz = new System.IO.Compression.GZipStream(File.Create(PortalGeneration.RecordsPath(_root)), System.IO.Compression.CompressionLevel.Fastest))
        {
            gz.Write(File.ReadAllBytes(Path.Combine(portal, "records.jsonl")));
        }

        var findings = PortalGeneration.Run(_root, Today);

        Assert.Contains(findings, f => f.Code == "records.jsonl.gz:1" && f.Message.Contains("has no steps or submission methods", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Code == "records.jsonl.gz:2" && f.Message.StartsWith("not valid JSON", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, KnowledgeLoader.ProceduresFolder)));
    }

    [Fact]
    public void AdditionsFileWithABrokenRowReportsItsLine()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "additions")).FullName;
        File.WriteAllText(Path.Combine(folder, "a.tsv"), $"{PortalAdditions.Header}\n1.999001\tCorrecting\tsửa sổ ; sửa sổ đỏ\tfix\tA | B\tC\t\nonly\ttwo\n1.999001\tx\t\t\t\t\t\n");

        var (byCode, problems) = PortalAdditions.Load(folder);

        Assert.Equal(["sửa sổ", "sửa sổ đỏ"], byCode["1.999001"].AliasesVietnamese);
        Assert.Equal(["A", "B"], byCode["1.999001"].SituationsVietnamese);
        Assert.Equal([3, 4], problems.Select(p => p.Line));
    }
}

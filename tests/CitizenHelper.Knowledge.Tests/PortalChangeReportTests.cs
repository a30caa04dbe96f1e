using System.Security.Cryptography;
using CitizenHelper.Knowledge.Import;

namespace CitizenHelper.Knowledge.Tests;

/// <summary><c>kb import-portal</c> on a newer crawl: a change report in portal/pending, and nothing else changed.</summary>
public sealed class PortalChangeReportTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 12, 1);
    private readonly string _root = Directory.CreateTempSubdirectory("kb-changes-").FullName;
    private readonly string _crawl = Directory.CreateTempSubdirectory("kb-crawl-").FullName;

    public PortalChangeReportTests()
    {
        // The bundled documents and baseline records, in a folder of the test's own.
        var procedures = Path.Combine(_root, KnowledgeLoader.ProceduresFolder);
        Directory.CreateDirectory(procedures);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Knowledge(), KnowledgeLoader.ProceduresFolder)))
        {
            File.Copy(file, Path.Combine(procedures, Path.GetFileName(file)));
        }
        Directory.CreateDirectory(Path.Combine(_root, "portal"));
        File.Copy(RepositoryPaths.Records(), PortalGeneration.RecordsPath(_root));
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_crawl, recursive: true);
    }

    private PortalChangeReport Import(string crawl, bool partial = false) => new PortalPending(_root).Import(crawl, partial, Today);

    [Fact]
    public void ANewerCrawlIsReportedFieldByFieldWithAddedAndRemovedCodes()
    {
        var report = Import(CraftedCrawl.WriteJsonLines(Path.Combine(_crawl, "crawl.jsonl")));

        var fee = Assert.Single(report.Changes, c => c.Code == CraftedCrawl.FeeCode);
        Assert.Equal(PortalChange.Changed, fee.Kind);
        var feeField = Assert.Single(fee.Fields);
        Assert.Equal("fee", feeField.Field);
        Assert.Contains(feeField.Old, l => l.StartsWith("DIRECT: 10.000 đồng", StringComparison.Ordinal));
        Assert.Contains(feeField.New, l => l.StartsWith("DIRECT: 12.000 đồng", StringComparison.Ordinal));
        var time = Assert.Single(Assert.Single(report.Changes, c => c.Code == CraftedCrawl.TimeCode).Fields);
        Assert.Equal("time", time.Field);
        Assert.Contains(time.New, l => l.StartsWith("DIRECT: 2 WORKING_DAY", StringComparison.Ordinal));
        var papers = Assert.Single(Assert.Single(report.Changes, c => c.Code == CraftedCrawl.PaperCode).Fields);
        Assert.Equal("documents", papers.Field);
        Assert.Contains(papers.New, l => l.Contains(CraftedCrawl.NewPaper, StringComparison.Ordinal));
        Assert.Equal(PortalChange.Added, Assert.Single(report.Changes, c => c.Code == CraftedCrawl.AddedCode).Kind);
        Assert.Equal(PortalChange.Removed, Assert.Single(report.Changes, c => c.Code == CraftedCrawl.DroppedCode).Kind);
        Assert.Equal(5, report.Changes.Count);
        Assert.Equal("3 changed, 1 added, 1 removed, 2 records not usable", report.Summary);
    }

    [Fact]
    public void UnusableRecordsAreReportedWithLineAndFieldAndNeverUsed()
    {
        var report = Import(CraftedCrawl.WriteJsonLines(Path.Combine(_crawl, "crawl.jsonl")));

        var lines = File.ReadAllLines(Path.Combine(_crawl, "crawl.jsonl"));
        var broken = Assert.Single(report.Problems, p => p.Code == CraftedCrawl.BrokenCode);
        Assert.Equal($"crawl.jsonl:{Array.FindIndex(lines, l => l.Contains($"\"code\":\"{CraftedCrawl.BrokenCode}\"", StringComparison.Ordinal)) + 1}", broken.Source);
        Assert.Equal("executionSteps/executionMethods", broken.Field);
        var notJson = Assert.Single(report.Problems, p => p.Field == "json");
        Assert.Equal($"crawl.jsonl:{lines.Length}", notJson.Source);
        // The hand-written document's record is neither changed nor removed: its newer record is simply not used.
        Assert.DoesNotContain(report.Changes, c => c.Code == CraftedCrawl.BrokenCode);
        Assert.DoesNotContain(CraftedCrawl.BrokenCode, File.ReadAllText(Path.Combine(_root, "portal", PortalPending.Folder, PortalPending.RecordsFile)), StringComparison.Ordinal);
        var markdown = File.ReadAllText(Path.Combine(_root, "portal", PortalPending.Folder, PortalPending.ReportMarkdown));
        Assert.Contains($"{broken.Source}: {CraftedCrawl.BrokenCode}, field `executionSteps/executionMethods`", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void TheImportChangesNoDocumentAndNoBaselineRecord()
    {
        var before = Fingerprint(_root);

        var report = Import(CraftedCrawl.WriteJsonLines(Path.Combine(_crawl, "crawl.jsonl")));

        Assert.NotEmpty(report.Changes);
        Assert.Equal(before, Fingerprint(_root, except: Path.Combine(_root, "portal", PortalPending.Folder)));
        var pending = new PortalPending(_root);
        // The newer records of the changes (not of the removed one) are kept for approval.
        Assert.Equal(
            new[] { CraftedCrawl.FeeCode, CraftedCrawl.TimeCode, CraftedCrawl.PaperCode, CraftedCrawl.AddedCode }.Order(StringComparer.Ordinal),
            File.ReadAllLines(Path.Combine(pending.Path, PortalPending.RecordsFile)).Select(CraftedCrawl.Code));
        Assert.Equal(report.Id, pending.Report()!.Id);
    }

    [Fact]
    public void RunningTheImportTwiceGivesTheSameReport()
    {
        var crawl = CraftedCrawl.WriteJsonLines(Path.Combine(_crawl, "crawl.jsonl"));
        var pending = Path.Combine(_root, "portal", PortalPending.Folder);

        Import(crawl);
        var first = (File.ReadAllText(Path.Combine(pending, PortalPending.ReportJson)), File.ReadAllText(Path.Combine(pending, PortalPending.ReportMarkdown)), File.ReadAllText(Path.Combine(pending, PortalPending.RecordsFile)));
        Import(crawl);
        var second = (File.ReadAllText(Path.Combine(pending, PortalPending.ReportJson)), File.ReadAllText(Path.Combine(pending, PortalPending.ReportMarkdown)), File.ReadAllText(Path.Combine(pending, PortalPending.RecordsFile)));

        Assert.Equal(first, second);
    }

    [Fact]
    public void APartialFolderCrawlReportsNoRemovalsAndNamesTheMissingField()
    {
        var report = Import(CraftedCrawl.WriteFolder(_crawl), partial: true);

        Assert.DoesNotContain(report.Changes, c => c.Kind == PortalChange.Removed);
        Assert.Contains(report.Changes, c => c.Code == CraftedCrawl.FeeCode && c.Fields.Single().Field == "fee");
        var nameless = Assert.Single(report.Problems, p => p.Code == "2.000635");
        Assert.Equal(("2.000635.json", "name"), (nameless.Source, nameless.Field));
        Assert.Contains(report.Problems, p => p.Source == $"{CraftedCrawl.BrokenCode}.json" && p.Field == "executionSteps/executionMethods");
        // Indented records are kept as one line each, readable as records.
        Assert.All(File.ReadAllLines(Path.Combine(new PortalPending(_root).Path, PortalPending.RecordsFile)), l => Assert.NotNull(PortalRecord.Read(l)));
    }

    [Fact]
    public void AnApprovedRecordReplacesItsCodeInTheBaselineAndAnAddedOneIsInsertedInCodeOrder()
    {
        var pending = new PortalPending(_root);
        Import(CraftedCrawl.WriteJsonLines(Path.Combine(_crawl, "crawl.jsonl")));
        var count = pending.Baseline().Count;

        pending.ReplaceInBaseline(pending.NewRecord(CraftedCrawl.FeeCode)!);
        pending.ReplaceInBaseline(pending.NewRecord(CraftedCrawl.AddedCode)!);

        var baseline = pending.Baseline();
        Assert.Equal(count + 1, baseline.Count);
        Assert.Contains(baseline[CraftedCrawl.FeeCode].Record.Methods.SelectMany(m => m.Fees), f => f.Value == 12000);
        var codes = PortalRecordSource.Texts(pending.BaselinePath).Select(t => CraftedCrawl.Code(t.Json!)).ToList();
        Assert.True(codes.IndexOf(CraftedCrawl.AddedCode) > 0 && string.CompareOrdinal(codes[codes.IndexOf(CraftedCrawl.AddedCode) - 1], CraftedCrawl.AddedCode) < 0);
        // The next import of the same crawl no longer reports what was taken in.
        var again = Import(Path.Combine(_crawl, "crawl.jsonl"));
        Assert.DoesNotContain(again.Changes, c => c.Code is CraftedCrawl.FeeCode or CraftedCrawl.AddedCode);
    }

    private static string Fingerprint(string root, string? except = null) =>
        string.Join('\n', Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => except is null || !f.StartsWith(except, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(root, f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}"));
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CitizenHelper.Answering;
using CitizenHelper.Knowledge.Import;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests;

/// <summary>
/// A copy of the bundled knowledge base, a newer crawl imported into it with <c>kb import-portal</c>, and the service
/// on that copy; shared by <see cref="PortalChangeTests"/>, whose tests each decide a different change.
/// </summary>
public sealed class PortalChangeFixture : IAsyncLifetime
{
    public string Knowledge { get; } = Directory.CreateTempSubdirectory("citizenhelper-kb-").FullName;
    public string ImportOutput { get; private set; } = "";
    public CitizenHelperFactory Factory { get; private set; } = null!;
    private readonly string _crawl = Path.Combine(Path.GetTempPath(), $"citizenhelper-crawl-{Guid.NewGuid():N}.jsonl");

    public Task InitializeAsync()
    {
        // Approvals reload it: a small copy retrains in seconds, the whole one in tens of seconds.
        KnowledgeCopies.Small(
            Knowledge, [CraftedCrawl.FeeCode, CraftedCrawl.TimeCode, CraftedCrawl.PaperCode, CraftedCrawl.DroppedCode, CraftedCrawl.BrokenCode],
            "portal/" + PortalPending.Folder);
        // The two changed procedures have documents generated from the bundled records (`kb generate`).
        var baseline = new PortalPending(Knowledge).Baseline();
        var additions = PortalAdditions.Load(PortalGeneration.AdditionsPath(Knowledge)).ByCode;
        foreach (var code in new[] { CraftedCrawl.FeeCode, CraftedCrawl.TimeCode })
        {
            foreach (var language in PortalGeneration.Languages)
            {
                var path = Path.Combine(Knowledge, "procedures", $"{code}.{language}.md");
                if (!File.Exists(path))
                {
                    File.WriteAllText(path, PortalDocuments.Render(baseline[code].Record, additions.GetValueOrDefault(code), language));
                }
            }
        }
        CraftedCrawl.WriteJsonLines(_crawl);
        using var output = new StringWriter();
        Assert.Equal(0, KnowledgeCommand.Run(["kb", "import-portal", _crawl, Knowledge], output));
        ImportOutput = output.ToString();
        // Without the national catalog, which every approval would parse and index again: these tests are about documents.
        Factory = new CitizenHelperFactory(new Dictionary<string, string?> { ["Knowledge:Path"] = Knowledge, ["Knowledge:UseCatalog"] = "false" });
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Factory?.Dispose();
        Directory.Delete(Knowledge, recursive: true);
        File.Delete(_crawl);
        return Task.CompletedTask;
    }
}

/// <summary>
/// A newer crawl imported with <c>kb import-portal</c>, reviewed by an administrator in the console: the diff is shown,
/// an approved change rewrites the generated documents and is served at once, a rejected one is only recorded.
/// </summary>
public sealed partial class PortalChangeTests(PortalChangeFixture fixture) : IClassFixture<PortalChangeFixture>
{
    private readonly string _knowledge = fixture.Knowledge;
    private readonly CitizenHelperFactory _factory = fixture.Factory;
    private readonly string _importOutput = fixture.ImportOutput;

    [GeneratedRegex("name=\"version\" value=\"([0-9a-f]+)\"")]
    private static partial Regex VersionField();

    private static string Version(string page, string code)
    {
        var section = page[page.IndexOf($"id=\"change-{code}\"", StringComparison.Ordinal)..];
        return VersionField().Match(section[..section.IndexOf("</section>", StringComparison.Ordinal)]).Groups[1].Value;
    }

    private async Task<string> AskAsync(string text)
    {
        var (conversationId, client, _) = await _factory.StartConversationAsync();
        var posted = await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", from = new { id = "citizen-1" }, text, locale = "vi-VN" });
        posted.EnsureSuccessStatusCode();
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        static bool Answers(JsonElement a, string? id) => a.GetProperty("type").GetString() == "message" && a.TryGetProperty("replyToId", out var r) && r.GetString() == id;
        var reply = await Eventually.GetAsync(
            async () => (await client.ActivitiesAsync(conversationId)).LastOrDefault(a => Answers(a, id)),
            a => a.ValueKind == JsonValueKind.Object, "the answer");
        return reply.GetProperty("text").GetString() ?? "";
    }

    [Fact]
    public void ImportPortalWritesTheReportChangesNoDocumentAndSaysWhatItFound()
    {
        Assert.Contains("3 changed, 1 added, 1 removed, 2 records not usable; nothing changed", _importOutput, StringComparison.Ordinal);
        Assert.Contains($"{CraftedCrawl.BrokenCode}: executionSteps/executionMethods: the record has neither steps nor submission methods; not used", _importOutput, StringComparison.Ordinal);
        Assert.Contains("10.000", File.ReadAllText(Path.Combine(_knowledge, "procedures", $"{CraftedCrawl.FeeCode}.vi.md")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_knowledge, "portal", PortalPending.Folder, PortalPending.ReportMarkdown)));
    }

    [Fact]
    public async Task TheAdministratorSeesEachChangeWithItsFactsAndTheDocumentDiff()
    {
        using var console = await _factory.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);

        var page = await console.GetStringAsync("/staff/portal");

        Assert.Contains($"id=\"change-{CraftedCrawl.FeeCode}\"", page, StringComparison.Ordinal);
        Assert.Contains("DIRECT: 12.000 đồng", page, StringComparison.Ordinal);
        var time = page[page.IndexOf($"id=\"change-{CraftedCrawl.TimeCode}\"", StringComparison.Ordinal)..];
        time = time[..time.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Matches("<div class=\"del\">- - Nộp trực tiếp[^<]*: 3 ngày làm việc", time);
        Assert.Matches("<div class=\"add\">\\+ - Nộp trực tiếp[^<]*: 2 ngày làm việc", time);
        Assert.Contains($"data-path=\"procedures/{CraftedCrawl.TimeCode}.en.md\"", time, StringComparison.Ordinal);
        Assert.Matches("<div class=\"add\">\\+ - [^<]*2 working days", time);
        Assert.Contains($"id=\"change-{CraftedCrawl.AddedCode}\"", page, StringComparison.Ordinal);
        Assert.Contains("Không còn trên Cổng · Removed from the portal", page, StringComparison.Ordinal);
        Assert.Contains("executionSteps/executionMethods", page, StringComparison.Ordinal);
        Assert.Contains(CraftedCrawl.NewPaper, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnApprovedChangeRewritesTheDocumentsTakesTheRecordAndIsServedAtOnce()
    {
        using var console = await _factory.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var version = Version(await console.GetStringAsync("/staff/portal"), CraftedCrawl.FeeCode);

        var approved = await console.PostFormAsync($"/staff/portal/{CraftedCrawl.FeeCode}/approve", [new("version", version)], await console.FormTokenAsync("/staff/portal"));

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Contains("Đã duyệt · Approved", await approved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Nộp trực tiếp: 12.000 đồng", File.ReadAllText(Path.Combine(_knowledge, "procedures", $"{CraftedCrawl.FeeCode}.vi.md")), StringComparison.Ordinal);
        Assert.Contains("In person: 12.000 đồng", File.ReadAllText(Path.Combine(_knowledge, "procedures", $"{CraftedCrawl.FeeCode}.en.md")), StringComparison.Ordinal);
        Assert.Contains(new PortalPending(_knowledge).Baseline()[CraftedCrawl.FeeCode].Record.Methods.SelectMany(m => m.Fees), f => f.Value == 12000);
        var served = _factory.Services.GetRequiredService<KnowledgeProvider>().Current.Base.Find(CraftedCrawl.FeeCode, "vi")!;
        Assert.Contains(served.Section("fee")!.Lines, l => l.Contains("12.000 đồng", StringComparison.Ordinal));
        Assert.Contains("12.000 đồng", await AskAsync("Lệ phí tách hộ bao nhiêu?"), StringComparison.Ordinal);
        var audit = await console.GetStringAsync("/staff/audit");
        Assert.Contains("approve-portal-change", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARejectedChangeIsRecordedChangesNothingAndCannotBeDecidedTwice()
    {
        using var console = await _factory.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var version = Version(await console.GetStringAsync("/staff/portal"), CraftedCrawl.TimeCode);
        var document = File.ReadAllText(Path.Combine(_knowledge, "procedures", $"{CraftedCrawl.TimeCode}.vi.md"));
        var token = await console.FormTokenAsync("/staff/portal");

        var rejected = await console.PostFormAsync($"/staff/portal/{CraftedCrawl.TimeCode}/reject", [new("version", version), new("note", "chờ quyết định của tỉnh")], token);
        var again = await console.PostFormAsync($"/staff/portal/{CraftedCrawl.TimeCode}/approve", [new("version", version)], token);

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Contains("Từ chối · Rejected", await rejected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(document, File.ReadAllText(Path.Combine(_knowledge, "procedures", $"{CraftedCrawl.TimeCode}.vi.md")));
        Assert.Contains(new PortalPending(_knowledge).Baseline()[CraftedCrawl.TimeCode].Record.Methods, m => m.Time == 3);
        Assert.Contains("reject-portal-change", await console.GetStringAsync("/staff/audit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStaleVersionOrAMissingTokenIsRefused()
    {
        using var console = await _factory.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var version = Version(await console.GetStringAsync("/staff/portal"), CraftedCrawl.PaperCode);
        var document = Path.Combine(_knowledge, "procedures", $"{CraftedCrawl.PaperCode}.vi.md");
        var before = File.Exists(document) ? File.ReadAllText(document) : null;

        var stale = await console.PostFormAsync($"/staff/portal/{CraftedCrawl.PaperCode}/approve", [new("version", "0000000000000000")], await console.FormTokenAsync("/staff/portal"));
        var forged = await console.PostFormAsync($"/staff/portal/{CraftedCrawl.PaperCode}/approve", [new("version", version)], token: null);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(before, File.Exists(document) ? File.ReadAllText(document) : null);
        Assert.DoesNotContain(CraftedCrawl.NewPaper, new PortalPending(_knowledge).Baseline()[CraftedCrawl.PaperCode].Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAddedCommuneLevelProcedureIsApprovedIntoNewDocumentsAndARemovedOneOnlyNoted()
    {
        using var console = await _factory.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var page = await console.GetStringAsync("/staff/portal");
        var token = await console.FormTokenAsync("/staff/portal");

        var added = await console.PostFormAsync($"/staff/portal/{CraftedCrawl.AddedCode}/approve", [new("version", Version(page, CraftedCrawl.AddedCode))], token);
        var removed = await console.PostFormAsync($"/staff/portal/{CraftedCrawl.DroppedCode}/approve", [new("version", Version(page, CraftedCrawl.DroppedCode))], token);
        var noted = await console.PostFormAsync($"/staff/portal/{CraftedCrawl.DroppedCode}/reject", [new("version", Version(page, CraftedCrawl.DroppedCode))], token);

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.NotNull(_factory.Services.GetRequiredService<KnowledgeProvider>().Current.Base.Find(CraftedCrawl.AddedCode, "en"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, removed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, noted.StatusCode);
        Assert.Contains(CraftedCrawl.DroppedCode, new PortalPending(_knowledge).Baseline().Keys);
    }
}

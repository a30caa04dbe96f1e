using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CitizenHelper.Answering;
using CitizenHelper.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests;

/// <summary>Staff draft knowledge from a reply; an administrator reviews the diff; approved drafts are written, checked and served at once.</summary>
public sealed class KnowledgeDraftTests : IAsyncLifetime, IDisposable
{
    private const string Document = "procedures/1.001193.vi.md";
    private readonly string _knowledge = Directory.CreateTempSubdirectory("citizenhelper-kb-").FullName;
    private CitizenHelperFactory _factory = null!;

    public Task InitializeAsync()
    {
        // A copy of the bundled knowledge base: approving writes into it and reloads it (small: it retrains in seconds).
        KnowledgeCopies.Small(_knowledge, []);
        // Without the national catalog, which every approval would parse and index again: these tests are about documents.
        _factory = new CitizenHelperFactory(new Dictionary<string, string?> { ["Knowledge:Path"] = _knowledge, ["Knowledge:UseCatalog"] = "false" });
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _factory?.Dispose();
        if (Directory.Exists(_knowledge))
        {
            Directory.Delete(_knowledge, recursive: true);
        }
    }

    private async Task<(string Reference, HttpClient Admin)> AnsweredEscalationAsync()
    {
        var (reference, _, _) = await _factory.EscalateAsync("xin giấy phép nuôi chim yến ở nhà");
        var admin = await _factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        (await admin.PostAsJsonAsync($"/api/staff/escalations/{reference}/reply", new { text = "Khai sinh cho con nuôi làm như khai sinh thường, kèm quyết định nuôi con nuôi." })).EnsureSuccessStatusCode();
        return (reference, admin);
    }

    [Fact]
    public async Task TheDraftFormSuggestsTheDocumentTheBotCitedAndTheReplyWithoutPleasantries()
    {
        var (conversationId, citizen, _) = await _factory.StartConversationAsync();
        async Task<JsonElement> AskAsync(string text, Func<JsonElement, bool> reply)
        {
            await citizen.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text });
            return await Eventually.GetAsync(
                async () => (await citizen.ActivitiesAsync(conversationId)).LastOrDefault(a => a.GetProperty("from").GetProperty("role").GetString() == "bot" && a.GetProperty("type").GetString() == "message"),
                a => a.ValueKind == JsonValueKind.Object && reply(a), $"the reply to '{text}'");
        }
        static string? Helper(JsonElement a, string name) =>
            a.TryGetProperty("channelData", out var d) && d.TryGetProperty("citizenHelper", out var h) && h.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        Assert.Equal("1.001193", Helper(await AskAsync("Đăng ký khai sinh cần giấy tờ gì?", a => Helper(a, "outcome") == "answered"), "procedure"));
        var reference = Helper(await AskAsync("xin giấy phép nuôi chim yến ở nhà", a => Helper(a, "reference") is not null), "reference")!;
        using var admin = await _factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        (await admin.PostAsJsonAsync($"/api/staff/escalations/{reference}/reply", new { text = "Chào anh/chị, nuôi chim yến trong nhà ở không cần giấy phép của xã. Cảm ơn anh/chị đã hỏi. Trân trọng, Nguyễn Thị Lan" })).EnsureSuccessStatusCode();
        using var console = await _factory.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);

        var form = await console.GetStringAsync($"/staff/escalations/{reference}/draft");

        Assert.Matches("<option value=\"procedures/1\\.001193\\.vi\\.md\" selected", form);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(form, "<option [^>]*selected"), m => m.Value.Contains("procedures/", StringComparison.Ordinal));
        Assert.Contains("<textarea name=\"answer\" maxlength=\"2000\" required>Nuôi chim yến trong nhà ở không cần giấy phép của xã.</textarea>", form, StringComparison.Ordinal);
        Assert.DoesNotContain("Trân trọng", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApprovedFaqIsWrittenAndServedWithoutRestartAndAudited()
    {
        var (reference, _) = await AnsweredEscalationAsync();
        using var console = await _factory.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var form = await console.GetStringAsync($"/staff/escalations/{reference}/draft?document={Uri.EscapeDataString(Document)}&kind=faq");
        Assert.Contains("kèm quyết định nuôi con nuôi", form, StringComparison.Ordinal);
        var token = await console.FormTokenAsync($"/staff/escalations/{reference}/draft");

        var drafted = await console.PostFormAsync($"/staff/escalations/{reference}/draft",
            [new("document", Document), new("kind", "faq"), new("question", "Khai sinh cho con nuôi thế nào?"), new("answer", "Làm như khai sinh thường, kèm quyết định nuôi con nuôi.")], token);
        Assert.Equal(HttpStatusCode.Redirect, drafted.StatusCode);
        var draftPage = drafted.Headers.Location!.OriginalString;
        var review = await console.GetStringAsync(draftPage);
        Assert.Contains("class=\"add\">+ - **Khai sinh cho con nuôi thế nào?**", review, StringComparison.Ordinal);
        Assert.Contains("Chờ duyệt · Pending", review, StringComparison.Ordinal);
        Assert.DoesNotContain("Khai sinh cho con nuôi thế nào", await File.ReadAllTextAsync(Path.Combine(_knowledge, Document)), StringComparison.Ordinal);

        var approved = await console.PostFormAsync($"{draftPage}/approve", [], await console.FormTokenAsync(draftPage));

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Contains("Đã duyệt · Approved", await approved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("- **Khai sinh cho con nuôi thế nào?** Làm như khai sinh thường, kèm quyết định nuôi con nuôi.", await File.ReadAllTextAsync(Path.Combine(_knowledge, Document)), StringComparison.Ordinal);
        var served = _factory.Services.GetRequiredService<KnowledgeProvider>().Current.Base.Find("1.001193", "vi")!;
        Assert.Contains(served.Section("notes")!.Lines, l => l.Contains("Khai sinh cho con nuôi thế nào?", StringComparison.Ordinal));
        var audit = await console.GetStringAsync("/staff/audit");
        Assert.Contains("draft-knowledge", audit, StringComparison.Ordinal);
        Assert.Contains("approve-knowledge", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnApprovedFaqAnswersTheQuestionThatWasEscalatedAndThePageSaysSo()
    {
        const string Question = "xin giấy phép nuôi chim yến ở nhà";
        const string Answer = "Nuôi chim yến trong nhà ở không cần giấy phép của xã; cán bộ địa chính hướng dẫn khi cần.";
        var (reference, _) = await AnsweredEscalationAsync();
        using var console = await _factory.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var drafted = await console.PostFormAsync($"/staff/escalations/{reference}/draft",
            [new("document", Document), new("kind", "faq"), new("question", Question), new("answer", Answer)], await console.FormTokenAsync($"/staff/escalations/{reference}/draft"));
        var draftPage = drafted.Headers.Location!.OriginalString;

        var approved = await console.PostFormAsync($"{draftPage}/approve", [], await console.FormTokenAsync(draftPage));

        var page = await approved.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Matches("id=\"answer-check\" class=\"notice\"[^>]*><p>Trợ lý ảo nay trả lời", page);
        // A citizen asking the same question again gets the approved answer, not a hand-off to staff.
        var (conversationId, citizen, _) = await _factory.StartConversationAsync();
        var posted = await citizen.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = Question.ToUpperInvariant() });
        var asked = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var reply = await Eventually.GetAsync(
            async () => (await citizen.ActivitiesAsync(conversationId)).FirstOrDefault(a => a.GetProperty("type").GetString() == "message" && a.TryGetProperty("replyToId", out var r) && r.GetString() == asked),
            a => a.ValueKind == JsonValueKind.Object, "the bot's answer");
        Assert.Contains(Answer, reply.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.False(reply.TryGetProperty("channelData", out var data) && data.TryGetProperty("citizenHelper", out var helper) && helper.TryGetProperty("reference", out var escalated) && escalated.ValueKind == JsonValueKind.String, "the question went to staff again");
    }

    [Fact]
    public async Task ADraftThatWouldNotLoadIsRefusedWithItsProblemsAndNothingIsKept()
    {
        var (reference, admin) = await AnsweredEscalationAsync();
        var broken = (await File.ReadAllTextAsync(Path.Combine(_knowledge, Document))).Replace("{#fee}", "{#prices}", StringComparison.Ordinal);

        var response = await admin.PostAsJsonAsync($"/api/staff/escalations/{reference}/drafts", new { document = Document, kind = "correction", content = broken });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problems = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Contains(problems, p => p.Contains(Document, StringComparison.Ordinal));
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("/api/staff/drafts")).EnumerateArray());
        Assert.DoesNotContain("{#prices}", await File.ReadAllTextAsync(Path.Combine(_knowledge, Document)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADraftOfAFileEditedMeanwhileIsRejectedNotWritten()
    {
        var (reference, admin) = await AnsweredEscalationAsync();
        var created = await admin.PostAsJsonAsync($"/api/staff/escalations/{reference}/drafts",
            new { document = Document, kind = "faq", question = "Có cần sổ hộ khẩu không?", answer = "Không, chỉ cần khai số định danh." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("draft").GetProperty("id").GetInt64();
        var path = Path.Combine(_knowledge, Document);
        var edited = (await File.ReadAllTextAsync(path)).Replace("Đăng ký khai sinh cho trẻ", "Đăng ký khai sinh cho em bé", StringComparison.Ordinal);
        await File.WriteAllTextAsync(path, edited);

        var approved = await admin.PostAsync($"/api/staff/drafts/{id}/approve", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, approved.StatusCode);
        Assert.Contains("changed since", (await approved.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(edited, await File.ReadAllTextAsync(path));
        var draft = await admin.GetFromJsonAsync<JsonElement>($"/api/staff/drafts/{id}");
        Assert.Equal("Rejected", draft.GetProperty("draft").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/staff/drafts/{id}/approve", null)).StatusCode);
    }
}

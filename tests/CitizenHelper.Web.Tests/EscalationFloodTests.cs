using System.Net.Http.Json;
using System.Text.Json;

namespace CitizenHelper.Web.Tests;

/// <summary>One conversation cannot flood staff: while its escalation waits for staff, later questions join it.</summary>
public sealed class EscalationFloodTests(CitizenHelperFactory factory) : IClassFixture<CitizenHelperFactory>
{
    private static async Task<JsonElement> SendAsync(HttpClient citizen, string conversationId, string text)
    {
        var posted = await citizen.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text });
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        return await Eventually.GetAsync(
            async () => (await citizen.ActivitiesAsync(conversationId)).FirstOrDefault(a => a.TryGetProperty("replyToId", out var r) && r.GetString() == id && a.GetProperty("type").GetString() == "message"),
            a => a.ValueKind == JsonValueKind.Object, "the bot's reply");
    }

    private static string? ReferenceOf(JsonElement reply) =>
        reply.TryGetProperty("channelData", out var d) && d.TryGetProperty("citizenHelper", out var h) && h.TryGetProperty("reference", out var r) ? r.GetString() : null;

    [Fact]
    public async Task EscalatingMessagesOfOneConversationGatherInItsOneOpenEscalation()
    {
        var (reference, conversationId, citizen) = await factory.EscalateAsync("xin giấy phép nuôi chim yến ở nhà");
        string[] more = ["gặp cán bộ", "cho tôi hỏi về giấy phép bắn pháo hoa ở nhà", "gặp cán bộ", "xin phép nuôi gấu trong vườn", "tôi muốn nói chuyện với cán bộ", "gặp cán bộ"];

        var references = new List<string?>();
        foreach (var text in more)
        {
            references.Add(ReferenceOf(await SendAsync(citizen, conversationId, text)));
        }

        Assert.Contains(reference, references);
        Assert.All(references.OfType<string>(), r => Assert.Equal(reference, r));
        using var admin = await factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var queue = (await admin.GetFromJsonAsync<JsonElement>("/api/staff/escalations?take=200")).EnumerateArray()
            .Where(e => e.GetProperty("conversationId").GetString() == conversationId).ToList();
        var escalation = Assert.Single(queue);
        // Staff see the later questions with the one they open.
        Assert.Contains("nuôi gấu", escalation.GetProperty("transcript").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterStaffRepliedANewQuestionOpensANewEscalation()
    {
        var (reference, conversationId, citizen) = await factory.EscalateAsync("xin giấy phép nuôi chim yến ở nhà");
        using var admin = await factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var replied = await admin.PostAsJsonAsync($"/api/staff/escalations/{reference}/reply", new { text = "Bạn đến Trung tâm nhé." });
        replied.EnsureSuccessStatusCode();

        var later = ReferenceOf(await SendAsync(citizen, conversationId, "gặp cán bộ"));

        Assert.NotNull(later);
        Assert.NotEqual(reference, later);
    }
}

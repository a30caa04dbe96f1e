using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CitizenHelper.Web.Tests;

/// <summary>
/// A rating button's value comes back from the client as the client pleases: only a procedure code the loaded
/// knowledge has may reach an escalation, the CSV export, the console or the figures.
/// </summary>
public sealed class ProcedureValueTests(CitizenHelperFactory factory) : IClassFixture<CitizenHelperFactory>
{
    private const string Forged = "=HYPERLINK(\"http://evil.example/\",\"1.001193\")";

    private async Task<string> RateAsync(string document)
    {
        var (conversationId, citizen, _) = await factory.StartConversationAsync();
        await citizen.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities",
            new { type = "message", text = "", value = new { citizenHelper = "rating", helpful = false, document } });
        var escalated = await Eventually.GetAsync(
            async () => (await citizen.ActivitiesAsync(conversationId)).FirstOrDefault(a =>
                a.TryGetProperty("channelData", out var d) && d.TryGetProperty("citizenHelper", out var h) && h.TryGetProperty("reference", out var r) && r.ValueKind == JsonValueKind.String),
            a => a.ValueKind == JsonValueKind.Object, "the escalation of 'not helpful'");
        return escalated.GetProperty("channelData").GetProperty("citizenHelper").GetProperty("reference").GetString()!;
    }

    [Fact]
    public async Task AForgedDocumentInARatingReachesNoEscalationExportPageOrFigure()
    {
        var reference = await RateAsync(Forged);
        using var api = await factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        using var console = await factory.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);

        var detail = await api.GetFromJsonAsync<JsonElement>($"/api/staff/escalations/{reference}");
        var csv = await console.GetStringAsync($"/api/staff/escalations.csv?q={reference}");
        var page = await console.GetStringAsync($"/staff/escalations/{reference}");
        var draft = await console.GetAsync($"/staff/escalations/{reference}/draft");
        var stats = await api.GetFromJsonAsync<JsonElement>("/api/staff/stats?days=7");

        Assert.Equal(JsonValueKind.Null, detail.GetProperty("escalation").GetProperty("procedureCode").ValueKind);
        Assert.DoesNotContain("HYPERLINK", detail.GetRawText(), StringComparison.Ordinal);
        Assert.Contains($"{reference},", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("HYPERLINK", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        Assert.DoesNotContain(stats.GetProperty("ratings").EnumerateArray(), r => r.GetProperty("procedureCode").GetString()?.Contains("HYPERLINK", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(stats.GetProperty("escalationsByProcedure").EnumerateObject(), p => p.Name.Contains("HYPERLINK", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("9.999999")] // the shape of a code, but no procedure the knowledge has
    [InlineData("1.001193 ")]
    [InlineData("<a href=//evil.example>1.001193</a>")]
    public async Task ACodeTheKnowledgeDoesNotHaveIsDropped(string document)
    {
        var reference = await RateAsync(document);
        using var api = await factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);

        var escalation = (await api.GetFromJsonAsync<JsonElement>($"/api/staff/escalations/{reference}")).GetProperty("escalation");

        Assert.Equal(JsonValueKind.Null, escalation.GetProperty("procedureCode").ValueKind);
        Assert.DoesNotContain("evil.example", escalation.GetProperty("question").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKnownCodeIsKeptAndLinksItsDraft()
    {
        var reference = await RateAsync("1.001193");
        using var api = await factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        using var console = await factory.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);

        var escalation = (await api.GetFromJsonAsync<JsonElement>($"/api/staff/escalations/{reference}")).GetProperty("escalation");
        var draft = await console.GetStringAsync($"/staff/escalations/{reference}/draft");

        Assert.Equal("1.001193", escalation.GetProperty("procedureCode").GetString());
        Assert.Contains("procedures/1.001193.vi.md", draft, StringComparison.Ordinal);
    }
}

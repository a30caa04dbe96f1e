using System.Net.Http.Json;
using System.Text.Json;
using CitizenHelper.Answering;
using CitizenHelper.Storage;
using CitizenHelper.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests;

/// <summary>Escalations go to the center of the commune the citizen named, kept by unit code; names kept before are rewritten.</summary>
public sealed class CenterRoutingTests(CitizenHelperFactory factory) : IClassFixture<CitizenHelperFactory>
{
    private const string Question = "xin giấy phép nuôi chim yến ở nhà";

    [Theory]
    [InlineData("xã Tâm Thắng cũ, huyện Cư Jút", "24640")]
    [InlineData("xa tan phu cu huyen tan ky tinh nghe an", "17272")] // a name found in 13 places: the district settles it
    [InlineData("phường Giảng Võ", "00025")]
    public async Task AnEscalationGoesToTheCenterOfTheCommuneTheCitizenNamedByItsCode(string commune, string code)
    {
        var (reference, _, _) = await factory.EscalateAsync(Question, commune);
        using var admin = await factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);

        var escalation = await admin.GetFromJsonAsync<JsonElement>($"/api/staff/escalations/{reference}");

        Assert.Equal(code, escalation.GetProperty("escalation").GetProperty("center").GetString());
    }

    [Fact]
    public async Task WithADefaultCenterAQuestionOfNoKnownCommuneGoesThereAndIsCountedThere()
    {
        using var withDefault = new CitizenHelperFactory(new Dictionary<string, string?> { ["Staff:DefaultCenter"] = "24848" });
        var (reference, conversationId, _) = await withDefault.EscalateAsync(Question);
        using var admin = await withDefault.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);

        var escalation = await admin.GetFromJsonAsync<JsonElement>($"/api/staff/escalations/{reference}");

        Assert.Equal("24848", escalation.GetProperty("escalation").GetProperty("center").GetString());
        await using var db = await withDefault.Services.GetRequiredService<IDbContextFactory<CitizenHelperDbContext>>().CreateDbContextAsync();
        var outcome = await Eventually.GetAsync(() => db.Outcomes.Where(o => o.ConversationId == conversationId).Select(o => o.Center).ToListAsync(), c => c.Count > 0, "the outcome");
        Assert.Equal(["24848"], outcome);
        // With none, such an escalation is flagged for administrators: the queue's "no center" filter lists it.
        var (unrouted, _, _) = await factory.EscalateAsync(Question);
        using var adminOfNone = await factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var noCenter = await adminOfNone.GetFromJsonAsync<JsonElement>("/api/staff/escalations?center=none&take=200");
        Assert.Contains(noCenter.EnumerateArray(), e => e.GetProperty("reference").GetString() == unrouted);
    }

    [Fact]
    public async Task ANameThatDoesNotSettleTheCommuneRoutesNowhere()
    {
        var (reference, _, _) = await factory.EscalateAsync(Question, "xã Tân Phú cũ");
        using var admin = await factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);

        var escalation = await admin.GetFromJsonAsync<JsonElement>($"/api/staff/escalations/{reference}");

        Assert.Equal(JsonValueKind.Null, escalation.GetProperty("escalation").GetProperty("center").ValueKind);
    }

    [Fact]
    public async Task CentersKeptByNameBeforeAreRewrittenToTheirCodeOnceAndAmbiguousNamesAreLeft()
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = "old-names@center.test", Email = "old-names@center.test" };
        await users.CreateAsync(user, StaffSessions.Password);
        await users.AddClaimsAsync(user, [new(StaffAccounts.CenterClaim, "Xã Cư Jút"), new(StaffAccounts.CenterClaim, "Xã Tân Phú")]);
        var (reference, _, _) = await factory.EscalateAsync(Question);
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<CitizenHelperDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.Escalations.Where(e => e.Reference == reference).ExecuteUpdateAsync(s => s.SetProperty(e => e.Center, "Xã Lạc Dương"));
        }
        var knowledge = factory.Services.GetRequiredService<KnowledgeProvider>().Current.Base;

        await using var migrating = await contexts.CreateDbContextAsync();
        var (rewritten, unresolved) = await CenterKeyMigration.RunAsync(migrating, knowledge, StaffAccounts.CenterClaim, default);
        var again = await CenterKeyMigration.RunAsync(migrating, knowledge, StaffAccounts.CenterClaim, default);

        Assert.True(rewritten >= 2, $"{rewritten} rewritten");
        Assert.Contains("Xã Tân Phú", unresolved);
        Assert.Equal(0, again.Rewritten);
        using var after = factory.Services.CreateScope();
        var fresh = after.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var claims = (await fresh.GetClaimsAsync((await fresh.FindByEmailAsync(user.Email))!)).Where(c => c.Type == StaffAccounts.CenterClaim).Select(c => c.Value);
        Assert.Equal(["24640", "Xã Tân Phú"], claims.Order(StringComparer.Ordinal));
        Assert.Equal("24848", (await migrating.Escalations.AsNoTracking().SingleAsync(e => e.Reference == reference)).Center);
    }
}

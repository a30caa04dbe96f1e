using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CitizenHelper.Web.Tests;

/// <summary>Administrators change a staff member's centers and disable or enable accounts; it applies from the account's next request.</summary>
public sealed class AccountAdministrationTests(CitizenHelperFactory factory) : IClassFixture<CitizenHelperFactory>
{
    private const string CenterA = "Xã Cư Jút";
    private const string CenterB = "Xã Lạc Dương";
    private const string Question = "xin giấy phép nuôi chim yến ở nhà";
    private static int _accounts;

    private async Task<(string Email, HttpClient Admin)> NewStaffAsync(params string[] centers)
    {
        var email = $"account{Interlocked.Increment(ref _accounts)}@center.test";
        var admin = await factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        await admin.CreateStaffAsync(email, "staff", centers);
        return (email, admin);
    }

    [Fact]
    public async Task ChangedCentersApplyToSessionsAndTokensAlreadySignedIn()
    {
        var (email, admin) = await NewStaffAsync(CenterA);
        using var _ = admin;
        var (ofB, _, _) = await factory.EscalateAsync(Question, CenterB);
        using var api = await factory.ApiAsync(email);
        using var console = await factory.ConsoleAsync(email);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/staff/escalations/{ofB}")).StatusCode);

        using var changed = await admin.PutAsJsonAsync($"/api/staff/users/{email}/centers", new { centers = new[] { CenterB } });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(["24848"], (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("centers").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/staff/escalations/{ofB}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync($"/staff/escalations/{ofB}")).StatusCode);
        Assert.Contains("24848", (await api.GetFromJsonAsync<JsonElement>("/api/staff/stats")).GetProperty("centers")[0].GetString(), StringComparison.Ordinal);
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/staff/audit?who={email}");
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("action").GetString() == "edit-centers" && a.GetProperty("detail").GetString() == "24848"); // kept by code
        // A staff account keeps at least one center, and only centers that exist.
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/staff/users/{email}/centers", new { centers = Array.Empty<string>() })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/staff/users/{email}/centers", new { centers = new[] { "Nowhere" } })).StatusCode);
    }

    [Fact]
    public async Task ADisabledAccountIsSignedOutAtItsNextRequestAndCannotSignInUntilEnabled()
    {
        var (email, admin) = await NewStaffAsync(CenterA);
        using var _ = admin;
        using var api = await factory.ApiAsync(email);
        using var console = await factory.ConsoleAsync(email);
        using var adminConsole = await factory.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var accountPage = $"/staff/users/{Uri.EscapeDataString(email)}";
        Assert.Contains("Đang dùng · Active", await adminConsole.GetStringAsync(accountPage), StringComparison.Ordinal);

        using var disabled = await adminConsole.PostFormAsync($"{accountPage}/disable", [], await adminConsole.FormTokenAsync(accountPage));

        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.Contains("Đã khoá · Disabled", await adminConsole.GetStringAsync(accountPage), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/staff/escalations")).StatusCode);
        using var page = await console.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/staff/login", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var signIn = await factory.CreateClient().PostAsJsonAsync("/api/staff/login", new { email, password = StaffSessions.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.Contains("disabled", (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(), StringComparison.Ordinal);

        using var enabled = await admin.PostAsync($"/api/staff/users/{email}/enable", null);

        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.False((await enabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disabled").GetBoolean());
        using var again = await factory.ApiAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/staff/escalations")).StatusCode);
        var actions = (await admin.GetFromJsonAsync<JsonElement>($"/api/staff/audit?who={email}")).EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Contains("disable-account", actions);
        Assert.Contains("enable-account", actions);
    }

    [Fact]
    public async Task AnAdministratorCannotDisableTheirOwnAccount()
    {
        using var admin = await factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);

        using var response = await admin.PostAsync($"/api/staff/users/{CitizenHelperFactory.AdminEmail}/disable", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/staff/users")).StatusCode);
    }
}

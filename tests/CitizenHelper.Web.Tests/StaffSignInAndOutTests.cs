using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CitizenHelper.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests;

/// <summary>
/// Signing out ends the session on the server, not only in the browser; the refresh token sign-in hands out is
/// accepted; and a failed sign-in tells nobody whether the e-mail has an account.
/// </summary>
public sealed class StaffSignInAndOutTests : IDisposable
{
    private static int _accounts;
    private readonly CitizenHelperFactory _database = new();
    private readonly CountingHasher _hasher = new();
    private readonly WebApplicationFactory<Program> _factory;

    public StaffSignInAndOutTests() =>
        _factory = _database.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<StaffUser>>(_hasher)));

    public void Dispose()
    {
        _factory.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task TheSessionCookieNoLongerOpensTheConsoleAfterSignOut()
    {
        var email = await NewStaffAsync();
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        var loginToken = await FormTokenAsync(client, "/staff/login", cookies);
        using (var login = await PostFormAsync(client, "/staff/login", [new("email", email), new("password", StaffSessions.Password), new("__RequestVerificationToken", loginToken)], cookies))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }
        var session = cookies["citizenhelper.staff"];
        var logoutToken = await FormTokenAsync(client, "/staff", cookies);

        using (var logout = await PostFormAsync(client, "/staff/logout", [new("__RequestVerificationToken", logoutToken)], cookies))
        {
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        }
        // A copy of the cookie taken before signing out (another tab, a shared computer, a stolen cookie).
        using var replay = new HttpRequestMessage(HttpMethod.Get, "/staff");
        replay.Headers.Add("Cookie", $"citizenhelper.staff={session}");
        using var replayed = await client.SendAsync(replay);

        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.StartsWith("/staff/login", replayed.Headers.Location?.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRefreshTokenFromSignInGetsANewAccessTokenUntilSignOut()
    {
        var email = await NewStaffAsync();
        using var client = _factory.CreateClient();
        var signedIn = await (await client.PostAsJsonAsync("/api/staff/login", new { email, password = StaffSessions.Password })).Content.ReadFromJsonAsync<JsonElement>();
        var refreshToken = signedIn.GetProperty("refreshToken").GetString();

        using var refreshed = await client.PostAsJsonAsync("/api/staff/refresh", new { refreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var renewed = await refreshed.Content.ReadFromJsonAsync<JsonElement>();
        using var api = _factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", renewed.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/staff/escalations")).StatusCode);

        using var garbage = await client.PostAsJsonAsync("/api/staff/refresh", new { refreshToken = "not-a-refresh-token" });
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
        Assert.Equal("application/problem+json", garbage.Content.Headers.ContentType?.MediaType);

        using var signOut = await api.PostAsync("/api/staff/logout", null);
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/staff/escalations")).StatusCode);
        using var afterSignOut = await client.PostAsJsonAsync("/api/staff/refresh", new { refreshToken = renewed.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.Unauthorized, afterSignOut.StatusCode);
    }

    [Fact]
    public async Task ALockedAccountAnswersAsAnUnknownEmailDoesAndChecksAPasswordAsLong()
    {
        var email = await NewStaffAsync();
        var unknown = $"nobody{Interlocked.Increment(ref _accounts)}@center.test";
        using var client = _factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/staff/login", new { email, password = "wrong-password-123" });
        }

        var (lockedStatus, lockedTitle, lockedChecks) = await SignInAsync(client, email, StaffSessions.Password);
        var (unknownStatus, unknownTitle, unknownChecks) = await SignInAsync(client, unknown, StaffSessions.Password);

        Assert.Equal(HttpStatusCode.Unauthorized, lockedStatus);
        Assert.Equal(unknownStatus, lockedStatus);
        Assert.Equal(unknownTitle, lockedTitle);
        // The same work on both paths: one password hash checked, so the time taken does not tell them apart either.
        Assert.Equal(1, lockedChecks);
        Assert.Equal(1, unknownChecks);

        using var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var lockedPage = await ConsoleSignInAsync(browser, email);
        var unknownPage = await ConsoleSignInAsync(browser, unknown);
        Assert.Equal(ErrorOf(unknownPage), ErrorOf(lockedPage));
        Assert.NotEmpty(ErrorOf(lockedPage));
    }

    private async Task<(HttpStatusCode Status, string? Title, int PasswordChecks)> SignInAsync(HttpClient client, string email, string password)
    {
        var before = _hasher.Verifications;
        using var response = await client.PostAsJsonAsync("/api/staff/login", new { email, password });
        var title = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString();
        return (response.StatusCode, title, _hasher.Verifications - before);
    }

    private static async Task<string> ConsoleSignInAsync(HttpClient browser, string email)
    {
        var token = await browser.FormTokenAsync();
        using var response = await browser.PostFormAsync("/staff/login", [new("email", email), new("password", StaffSessions.Password), new("returnUrl", "/staff")], token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static string ErrorOf(string page) =>
        System.Text.RegularExpressions.Regex.Match(page, "<p class=\"error\" role=\"alert\">([^<]*)</p>").Groups[1].Value;

    private async Task<string> NewStaffAsync()
    {
        var email = $"session{Interlocked.Increment(ref _accounts)}@center.test";
        using var admin = _factory.CreateClient();
        var login = await (await admin.PostAsJsonAsync("/api/staff/login", new { email = CitizenHelperFactory.AdminEmail, password = CitizenHelperFactory.AdminPassword }))
            .Content.ReadFromJsonAsync<JsonElement>();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
        await admin.CreateStaffAsync(email, "staff", "Xã Cư Jút");
        return email;
    }

    private static async Task<string> FormTokenAsync(HttpClient client, string page, Dictionary<string, string> cookies)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, page);
        AddCookies(request, cookies);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        KeepCookies(response, cookies);
        var html = await response.Content.ReadAsStringAsync();
        return WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields, Dictionary<string, string> cookies)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        AddCookies(request, cookies);
        var response = await client.SendAsync(request);
        KeepCookies(response, cookies);
        return response;
    }

    private static void AddCookies(HttpRequestMessage request, Dictionary<string, string> cookies)
    {
        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        }
    }

    private static void KeepCookies(HttpResponseMessage response, Dictionary<string, string> cookies)
    {
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = header.Split(';')[0];
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = (pair[..at], pair[(at + 1)..]);
            if (value.Length == 0)
            {
                cookies.Remove(name);
            }
            else
            {
                cookies[name] = value;
            }
        }
    }

    /// <summary>Identity's own hasher, counting the passwords it checks.</summary>
    private sealed class CountingHasher : IPasswordHasher<StaffUser>
    {
        private readonly PasswordHasher<StaffUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(StaffUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(StaffUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

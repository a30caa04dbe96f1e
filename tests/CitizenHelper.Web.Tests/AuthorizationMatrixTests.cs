using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests;

/// <summary>
/// One escalation of center A (Xã Cư Jút), and five callers: nobody, a citizen with a Direct Line token, staff of
/// center B, staff of center A, and an administrator. Built once for the matrix.
/// </summary>
public sealed class MatrixFixture : IAsyncLifetime
{
    public const string CenterA = "Xã Cư Jút";

    /// <summary>How center A is kept and shown: by its unit code.</summary>
    public const string CenterACode = "24640";
    public const string CenterB = "Xã Lạc Dương";

    /// <summary>The conversation of a resident's guided session at center A (named in the JSON and the page's rows).</summary>
    public const string GuidedConversation = "matrix-guided-conversation-of-center-a";

    public CitizenHelperFactory Factory { get; } = new();
    public string Reference { get; private set; } = "";

    /// <summary>A knowledge draft made by staff of center A from that escalation (never approved here).</summary>
    public long Draft { get; private set; }
    private readonly Dictionary<string, HttpClient> _api = [];
    private readonly Dictionary<string, HttpClient> _console = [];
    private readonly Dictionary<string, string> _tokens = [];
    private string _citizenToken = "";

    public async Task InitializeAsync()
    {
        (Reference, _, var citizen) = await Factory.EscalateAsync("xin giấy phép nuôi chim yến ở nhà", CenterA);
        var now = DateTimeOffset.UtcNow;
        await Factory.Services.GetRequiredService<CitizenHelper.Storage.GuidedSessionStore>().SaveAsync(new CitizenHelper.Bot.Guided.GuidedSession
        {
            Token = "matrixGuidedToken0123456789",
            ConversationId = GuidedConversation,
            ProcedureCode = "1.001193",
            Language = "vi",
            Stage = CitizenHelper.Bot.Guided.GuidedStage.Done,
            Answers = "yn....",
            Unit = CenterA,
            StartedAt = now,
            UpdatedAt = now,
        }, default);
        _citizenToken = citizen.DefaultRequestHeaders.Authorization!.Parameter!;
        var admin = await Factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        await admin.CreateStaffAsync("a@center.test", "staff", CenterA);
        await admin.CreateStaffAsync("b@center.test", "staff", CenterB);
        _api["admin"] = admin;
        _api["staff"] = await Factory.ApiAsync("a@center.test");
        _api["other-center"] = await Factory.ApiAsync("b@center.test");
        var drafted = await _api["staff"].PostAsJsonAsync($"/api/staff/escalations/{Reference}/drafts",
            new { document = "procedures/1.001193.vi.md", kind = "faq", question = "Câu hỏi thử?", answer = "Câu trả lời thử." });
        Draft = (await drafted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("draft").GetProperty("id").GetInt64();
        _console["admin"] = await Factory.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        _console["staff"] = await Factory.ConsoleAsync("a@center.test");
        _console["other-center"] = await Factory.ConsoleAsync("b@center.test");
        foreach (var (who, client) in _console)
        {
            _tokens[who] = await client.FormTokenAsync("/staff");
        }
    }

    public Task DisposeAsync()
    {
        foreach (var client in _api.Values.Concat(_console.Values))
        {
            client.Dispose();
        }
        Factory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The caller's client: pages use the console cookie, the API a bearer token; a citizen sends its Direct Line token either way.</summary>
    public HttpClient Client(string who, bool page)
    {
        switch (who)
        {
            case "anonymous":
                return Factory.Browser();
            case "citizen":
                var client = Factory.Browser();
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _citizenToken);
                return client;
            default:
                return page ? _console[who] : _api[who];
        }
    }

    public string? FormToken(string who) => _tokens.GetValueOrDefault(who);
}

public sealed class AuthorizationMatrixTests(MatrixFixture fixture) : IClassFixture<MatrixFixture>
{
    private static readonly string[] Callers = ["anonymous", "citizen", "other-center", "staff", "admin"];

    // Each row: method, path ({ref} = center A's escalation), body, then what each caller gets, in Callers order.
    // "login" = redirected to the sign-in page, "denied" = redirected to the access-denied page; a number is the status.
    // A caller who gets in is stopped right after by a deliberately bad body (400/409/422), so nothing changes.
    private static readonly (string Method, string Path, string? Body, string[] Expected)[] Endpoints =
    [
        ("GET", "/api/staff/escalations", null, ["401", "401", "200", "200", "200"]),
        ("GET", "/api/staff/escalations/{ref}", null, ["401", "401", "404", "200", "200"]),
        ("POST", "/api/staff/escalations/{ref}/reply", """{"text":""}""", ["401", "401", "404", "400", "400"]),
        ("POST", "/api/staff/escalations/{ref}/resolve", """{"version":1}""", ["401", "401", "404", "409", "409"]),
        ("POST", "/api/staff/escalations/{ref}/take", "{}", ["401", "401", "404", "200", "200"]),
        ("POST", "/api/staff/escalations/{ref}/drafts", """{"document":"../secrets"}""", ["401", "401", "404", "422", "422"]),
        ("POST", "/api/staff/escalations/{ref}/assign", """{"assignee":"nobody@center.test"}""", ["401", "401", "403", "403", "400"]),
        ("POST", "/api/staff/escalations/{ref}/route", """{"center":"Nowhere"}""", ["401", "401", "403", "403", "400"]),
        ("GET", "/api/staff/drafts", null, ["401", "401", "200", "200", "200"]),
        ("GET", "/api/staff/drafts/{draft}", null, ["401", "401", "404", "200", "200"]),
        ("POST", "/api/staff/drafts/999999/approve", "{}", ["401", "401", "403", "403", "409"]),
        ("POST", "/api/staff/drafts/999999/reject", "{}", ["401", "401", "403", "403", "409"]),
        ("GET", "/api/staff/stats", null, ["401", "401", "200", "200", "200"]),
        ("GET", "/api/staff/stats.csv", null, ["401", "401", "200", "200", "200"]),
        ("GET", "/api/staff/stats/weekly", null, ["401", "401", "200", "200", "200"]),
        ("GET", "/api/staff/stats/weekly.csv", null, ["401", "401", "200", "200", "200"]),
        ("GET", "/api/staff/users", null, ["401", "401", "403", "403", "200"]),
        ("POST", "/api/staff/users", "{}", ["401", "401", "403", "403", "400"]),
        ("GET", "/api/staff/audit", null, ["401", "401", "403", "403", "200"]),
        ("GET", "/api/staff/escalations.csv", null, ["401", "401", "200", "200", "200"]),
        ("GET", "/api/staff/guided", null, ["401", "401", "200", "200", "200"]),
        ("GET", "/staff/guided", null, ["login", "401", "200", "200", "200"]),
        ("GET", "/staff", null, ["login", "401", "200", "200", "200"]),
        ("GET", "/staff/queue/events", null, ["login", "401", "200", "200", "200"]),
        ("GET", "/staff/escalations/{ref}", null, ["login", "401", "404", "200", "200"]),
        ("POST", "/staff/escalations/{ref}/reply", "text=&version=1", ["login", "401", "404", "409", "409"]),
        ("POST", "/staff/escalations/{ref}/resolve", "version=1", ["login", "401", "404", "409", "409"]),
        ("POST", "/staff/escalations/{ref}/take", "", ["login", "401", "404", "302", "302"]),
        ("POST", "/staff/escalations/{ref}/assign", "assignee=", ["login", "401", "denied", "denied", "400"]),
        ("POST", "/staff/escalations/{ref}/route", "center=Nowhere", ["login", "401", "denied", "denied", "400"]),
        ("GET", "/staff/escalations/{ref}/draft", null, ["login", "401", "404", "200", "200"]),
        ("POST", "/staff/escalations/{ref}/draft", "document=../secrets&kind=faq", ["login", "401", "404", "400", "400"]),
        ("GET", "/staff/drafts", null, ["login", "401", "200", "200", "200"]),
        ("GET", "/staff/drafts/{draft}", null, ["login", "401", "404", "200", "200"]),
        ("POST", "/staff/drafts/999999/approve", "", ["login", "401", "denied", "denied", "409"]),
        ("POST", "/staff/drafts/999999/reject", "", ["login", "401", "denied", "denied", "409"]),
        ("GET", "/staff/portal", null, ["login", "401", "denied", "denied", "200"]),
        ("POST", "/staff/portal/1.001193/approve", "version=0", ["login", "401", "denied", "denied", "409"]),
        ("POST", "/staff/portal/1.001193/reject", "version=0", ["login", "401", "denied", "denied", "409"]),
        ("POST", "/staff/portal/1.001193/draft", "document=../secrets&content=x", ["login", "401", "denied", "denied", "400"]),
        ("GET", "/staff/dashboard", null, ["login", "401", "200", "200", "200"]),
        ("GET", "/staff/posters", null, ["login", "401", "200", "200", "200"]),
        ("GET", "/staff/posters/1.001193", null, ["login", "401", "200", "200", "200"]),
        ("GET", "/staff/posters/1.001193/qr.png", null, ["login", "401", "200", "200", "200"]),
        ("GET", "/staff/posters/board", null, ["login", "401", "200", "200", "200"]),
        ("GET", "/staff/audit", null, ["login", "401", "denied", "denied", "200"]),
        ("GET", "/staff/posters/1.001193/qr.svg", null, ["login", "401", "200", "200", "200"]),
        ("GET", "/staff/users", null, ["login", "401", "denied", "denied", "200"]),
        ("POST", "/staff/users", "email=", ["login", "401", "denied", "denied", "400"]),
        ("PUT", "/api/staff/users/{user}/centers", """{"centers":["Nowhere"]}""", ["401", "401", "403", "403", "404"]),
        ("POST", "/api/staff/users/{user}/disable", "{}", ["401", "401", "403", "403", "404"]),
        ("POST", "/api/staff/users/{user}/enable", "{}", ["401", "401", "403", "403", "404"]),
        ("GET", "/staff/users/{user}", null, ["login", "401", "denied", "denied", "404"]),
        ("POST", "/staff/users/{user}/centers", "centers=Nowhere", ["login", "401", "denied", "denied", "404"]),
        ("POST", "/staff/users/{user}/disable", "", ["login", "401", "denied", "denied", "404"]),
        ("POST", "/staff/users/{user}/enable", "", ["login", "401", "denied", "denied", "404"]),
    ];

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (method, path, _, expected) in Endpoints)
        {
            for (var i = 0; i < Callers.Length; i++)
            {
                data.Add($"{method} {path}", Callers[i], expected[i]);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task OnlyTheRightCallersGetIn(string endpoint, string caller, string expected)
    {
        var (method, path, body, _) = Endpoints.Single(e => $"{e.Method} {e.Path}" == endpoint);
        var page = path.StartsWith("/staff", StringComparison.Ordinal);
        var client = fixture.Client(caller, page);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{ref}", fixture.Reference, StringComparison.Ordinal).Replace("{draft}", fixture.Draft.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{user}", "nobody@center.test", StringComparison.Ordinal));
        if (body is not null)
        {
            request.Content = page
                ? new FormUrlEncodedContent(Fields(body).Append(KeyValuePair.Create("__RequestVerificationToken", fixture.FormToken(caller) ?? "")))
                : JsonContent.Create(System.Text.Json.JsonDocument.Parse(body).RootElement);
        }

        // Headers only: the live queue's event stream does not end (disposing the response ends it).
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        var actual = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString is { } location
            ? location.StartsWith("/staff/login", StringComparison.Ordinal) || location.Contains("/staff/login", StringComparison.Ordinal) ? "login"
                : location.Contains("/staff/denied", StringComparison.Ordinal) ? "denied" : "302"
            : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, actual);
        if (caller == "other-center" && method == "GET" && expected == "200" && path.Contains("escalations", StringComparison.Ordinal))
        {
            // Listed for staff of another center: the escalation is not among them.
            Assert.DoesNotContain(fixture.Reference, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        if (caller is "staff" or "admin" && method == "GET" && expected == "200" && path.Contains("escalations", StringComparison.Ordinal))
        {
            Assert.Contains(fixture.Reference, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        if (method == "GET" && expected == "200" && path is "/api/staff/stats" or "/api/staff/stats/weekly" or "/api/staff/stats/weekly.csv" or "/staff/dashboard")
        {
            // The figures of center A's escalation are shown to its staff and administrators, never to another center's.
            var figures = await response.Content.ReadAsStringAsync();
            if (caller == "other-center")
            {
                Assert.DoesNotContain(MatrixFixture.CenterACode, figures, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains(MatrixFixture.CenterACode, figures, StringComparison.Ordinal);
            }
        }
        if (method == "GET" && expected == "200" && path.Contains("guided", StringComparison.Ordinal))
        {
            // Center A's resident's guide: seen by its staff and administrators, not by staff of another center.
            var listed = await response.Content.ReadAsStringAsync();
            if (caller == "other-center")
            {
                Assert.DoesNotContain(MatrixFixture.GuidedConversation, listed, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains(MatrixFixture.GuidedConversation, listed, StringComparison.Ordinal);
            }
        }
    }

    // Open to everyone by design (signing in, refreshing a token, being told you may not), or covered by its own
    // test (signing out, which here would end the fixture's sessions: StaffSignInAndOutTests).
    private static readonly string[] NotInTheMatrix =
        ["POST /api/staff/login", "POST /api/staff/refresh", "GET /staff/login", "POST /staff/login", "GET /staff/denied", "POST /staff/logout", "POST /api/staff/logout"];

    [Fact]
    public void EveryStaffEndpointOfTheServiceIsInTheMatrix()
    {
        static string Shape(string path) => Regex.Replace(path, "\\{[^}]+\\}|(?<=/)(?:999999|1\\.001193)(?=/|$)", "{}").TrimEnd('/');
        var mapped = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/staff", StringComparison.Ordinal) || raw.StartsWith("/staff", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {Shape(e.RoutePattern.RawText!)}"))
            .Where(e => !NotInTheMatrix.Contains(e))
            .ToHashSet();
        var tested = Endpoints.Select(e => $"{e.Method} {Shape(e.Path)}").ToHashSet();

        Assert.Empty(mapped.Except(tested));
    }

    private static IEnumerable<KeyValuePair<string, string>> Fields(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], p.Length > 1 ? p[1] : ""));
}

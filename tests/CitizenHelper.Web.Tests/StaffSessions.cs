using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CitizenHelper.Web.Tests;

/// <summary>Signs staff in the ways the service offers: a console cookie (through the sign-in form) or an API bearer token.</summary>
internal static partial class StaffSessions
{
    public const string Password = "Staff-Password-12345";

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see where they lead.</summary>
    public static HttpClient Browser(this CitizenHelperFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>The antiforgery token of a console page the client may open.</summary>
    public static async Task<string> FormTokenAsync(this HttpClient client, string page = "/staff/login")
    {
        var html = await client.GetStringAsync(page);
        return WebUtility.HtmlDecode(TokenField().Match(html).Groups[1].Value);
    }

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields, string? token)
    {
        var all = token is null ? fields : fields.Append(KeyValuePair.Create("__RequestVerificationToken", token));
        using var content = new FormUrlEncodedContent(all);
        return await client.PostAsync(path, content);
    }

    /// <summary>Signs in through the console's form; the client then carries the session cookie.</summary>
    public static async Task<HttpClient> ConsoleAsync(this CitizenHelperFactory factory, string email, string password = Password)
    {
        var client = factory.Browser();
        // Approving a draft or a portal change reloads the knowledge base (and retrains its question classifier)
        // before it answers: on a busy two-core machine that can pass HttpClient's default 100 s.
        client.Timeout = TimeSpan.FromMinutes(5);
        var token = await client.FormTokenAsync();
        var response = await client.PostFormAsync("/staff/login", [new("email", email), new("password", password), new("returnUrl", "/staff")], token);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Console sign-in of {email} answered {(int)response.StatusCode}.");
        }
        return client;
    }

    /// <summary>Signs in through the JSON API; the client then carries the bearer token.</summary>
    public static async Task<HttpClient> ApiAsync(this CitizenHelperFactory factory, string email, string password = Password)
    {
        var client = factory.CreateClient();
        var login = await client.PostAsJsonAsync("/api/staff/login", new { email, password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates a staff account for the centers through the admin API.</summary>
    public static async Task CreateStaffAsync(this HttpClient admin, string email, string role, params string[] centers)
    {
        var response = await admin.PostAsJsonAsync("/api/staff/users", new { email, name = email, password = Password, role, centers });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Creating {email} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>
    /// Asks a question the bot cannot answer in a new conversation, after saying which commune the citizen lives in
    /// when <paramref name="commune"/> is given (that decides the center); returns the escalation's reference.
    /// </summary>
    public static async Task<(string Reference, string ConversationId, HttpClient Citizen)> EscalateAsync(this CitizenHelperFactory factory, string question, string? commune = null)
    {
        var (conversationId, client, _) = await factory.StartConversationAsync();
        if (commune is not null)
        {
            await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = $"Tôi ở {commune}" });
            await Eventually.GetAsync(() => client.ActivitiesAsync(conversationId), all => all.Count(a => a.GetProperty("type").GetString() == "message" && a.GetProperty("from").GetProperty("role").GetString() == "bot") >= 2, "the answer about the commune");
        }
        await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new { type = "message", text = question });
        var reply = await Eventually.GetAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities"))
                .GetProperty("activities").EnumerateArray()
                .FirstOrDefault(a => a.TryGetProperty("channelData", out var d) && d.TryGetProperty("citizenHelper", out var h) && h.TryGetProperty("reference", out var r) && r.ValueKind == JsonValueKind.String),
            a => a.ValueKind == JsonValueKind.Object, "the escalation reply");
        return (reply.GetProperty("channelData").GetProperty("citizenHelper").GetProperty("reference").GetString()!, conversationId, client);
    }

    public static async Task<List<JsonElement>> ActivitiesAsync(this HttpClient citizen, string conversationId) =>
        [.. (await citizen.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities")).GetProperty("activities").EnumerateArray()];
}

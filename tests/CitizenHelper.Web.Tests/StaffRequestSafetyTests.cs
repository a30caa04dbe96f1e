using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CitizenHelper.Web.Tests;

/// <summary>What the staff console and API refuse before doing anything: bodies too large to read, cross-site requests riding on the cookie.</summary>
public sealed class StaffRequestSafetyTests(CitizenHelperFactory factory) : IClassFixture<CitizenHelperFactory>
{
    private const string CenterA = "Xã Cư Jút";
    private static int _accounts;

    /// <summary>Content sent without a length (chunked): the server cannot refuse it by its declared size.</summary>
    private sealed class UnknownLengthContent(byte[] data, string mediaType) : HttpContent
    {
        public UnknownLengthContent(string text, string mediaType)
            : this(Encoding.UTF8.GetBytes(text), mediaType)
        {
        }

        protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken) => stream.Write(data);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(data).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        public UnknownLengthContent Typed()
        {
            Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return this;
        }
    }

    private static string Padding => new('a', 1024 * 1024);

    [Fact]
    public async Task ABodyOverTheLimitIsRefusedWith413ProblemDetailsEvenWithoutADeclaredLength()
    {
        using var client = factory.CreateClient();
        var json = $$"""{"email":"nobody@center.test","password":"wrong-password-123","padding":"{{Padding}}"}""";

        using var chunked = await client.PostAsync("/api/staff/login", new UnknownLengthContent(json, "application/json").Typed());
        using var declared = await client.PostAsync("/api/staff/login", new StringContent(json, Encoding.UTF8, "application/json"));

        foreach (var response in new[] { chunked, declared })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("256 KB", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AConsoleFormOverTheLimitIsRefusedBeforeItIsRead()
    {
        using var browser = factory.Browser();
        var token = await browser.FormTokenAsync();
        var form = $"__RequestVerificationToken={Uri.EscapeDataString(token)}&email=nobody%40center.test&password=wrong&padding={Padding}";

        using var chunked = await browser.PostAsync("/staff/login", new UnknownLengthContent(form, "application/x-www-form-urlencoded").Typed());
        using var api = await browser.PostAsync("/api/staff/escalations/CH-ZZZZZZ/reply", new UnknownLengthContent($$"""{"text":"{{Padding}}"}""", "application/json").Typed());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, api.StatusCode);
    }

    [Fact]
    public async Task TheCookieAloneCannotChangeAnythingThroughTheApi()
    {
        var staff = $"csrf{Interlocked.Increment(ref _accounts)}@center.test";
        using (var admin = await factory.ApiAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword))
        {
            await admin.CreateStaffAsync(staff, "staff", CenterA);
        }
        var (reference, _, _) = await factory.EscalateAsync("xin giấy phép nuôi chim yến ở nhà", CenterA);
        using var console = await factory.ConsoleAsync(staff);

        // What a page of another site can make a signed-in browser send: the cookie, a body, no token.
        using var forged = await console.PostAsJsonAsync($"/api/staff/escalations/{reference}/take", new { });
        var afterForgery = await console.GetFromJsonAsync<JsonElement>($"/api/staff/escalations/{reference}");
        using var withToken = new HttpRequestMessage(HttpMethod.Post, $"/api/staff/escalations/{reference}/take") { Content = JsonContent.Create(new { }) };
        withToken.Headers.Add("X-CSRF-TOKEN", await console.FormTokenAsync("/staff"));
        using var fromTheConsole = await console.SendAsync(withToken);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Open", afterForgery.GetProperty("escalation").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, fromTheConsole.StatusCode);
        // A bearer token is never sent by a browser on its own: no antiforgery token is needed with it.
        using var api = await factory.ApiAsync(staff);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/staff/escalations/{reference}/take", new { })).StatusCode);
    }

    [Fact]
    public async Task PostersAreServedWithTheConsolesPageHeaders()
    {
        using var console = await factory.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);

        using var page = await console.GetAsync("/staff");
        using var poster = await console.GetAsync("/staff/posters/1.001193");

        foreach (var header in new[] { "Content-Security-Policy", "X-Frame-Options", "Cache-Control" })
        {
            Assert.Equal(page.Headers.GetValues(header), poster.Headers.GetValues(header));
        }
        Assert.StartsWith("<!doctype html>\n<html lang=\"vi\">", await poster.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

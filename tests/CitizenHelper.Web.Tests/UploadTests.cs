using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CitizenHelper.Web.Tests;

public sealed class UploadTests : IClassFixture<CitizenHelperFactory>
{
    // The smallest valid PNG: signature, IHDR 1×1, IDAT, IEND.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
    private readonly CitizenHelperFactory _factory;

    public UploadTests(CitizenHelperFactory factory) => _factory = factory;

    [Fact]
    public async Task UploadedPhotoIsStoredLinkedOnlyForItsConversationAndAcknowledged()
    {
        var (conversationId, client, _) = await _factory.StartConversationAsync();

        var response = await client.PostAsync($"/v3/directline/conversations/{conversationId}/upload?userId=citizen-1",
            Multipart(("file", "qr.png", "image/png", Png), ("activity", "blob", "application/vnd.microsoft.activity", """{"type":"message","channelData":{"clientActivityID":"up-1"}}"""u8.ToArray())));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var activities = await Eventually.GetAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{conversationId}/activities")).GetProperty("activities").EnumerateArray().ToList(),
            a => a.Any(x => x.TryGetProperty("replyToId", out var r) && r.GetString() == id), "the acknowledgement");
        var echo = activities.Single(a => a.GetProperty("id").GetString() == id);
        Assert.Equal("up-1", echo.GetProperty("channelData").GetProperty("clientActivityID").GetString());
        var attachment = echo.GetProperty("attachments")[0];
        Assert.Equal("image/png", attachment.GetProperty("contentType").GetString());
        var reply = activities.Single(a => a.TryGetProperty("replyToId", out var r) && r.GetString() == id);
        // A 1×1 photo holds no QR code: the citizen is told so and staff get to look at it.
        Assert.StartsWith(Qr.Lookup.ScanTexts.Vietnamese.PhotoNoCode, reply.GetProperty("text").GetString(), StringComparison.Ordinal);

        // The browser loads contentUrl without a header: the signature in it is the permission.
        using var anonymous = _factory.CreateClient();
        var url = new Uri(attachment.GetProperty("contentUrl").GetString()!);
        var file = await anonymous.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(Png, await file.Content.ReadAsByteArrayAsync());

        var (other, _, _) = await _factory.StartConversationAsync();
        var moved = url.PathAndQuery.Replace(conversationId, other, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync(moved)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync(url.AbsolutePath)).StatusCode);
    }

    [Fact]
    public async Task FileThatLiesAboutItsTypeIsRefused()
    {
        var (conversationId, client, _) = await _factory.StartConversationAsync();

        var response = await client.PostAsync($"/v3/directline/conversations/{conversationId}/upload",
            Multipart(("file", "photo.png", "image/png", "MZ this is a program"u8.ToArray())));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("photo.png", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedUploadIsRefused()
    {
        var (conversationId, client, _) = await _factory.StartConversationAsync();
        var big = new byte[5 * 1024 * 1024];
        Png.CopyTo(big, 0);

        var response = await client.PostAsync($"/v3/directline/conversations/{conversationId}/upload", Multipart(("file", "big.png", "image/png", big)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    // Names, not the megabytes: theory data is serialized for every test case at discovery (6 MB as base64 took ~40 s).
    public static TheoryData<string> FakeFiles() => new(["png signature", "png header", "png then zeros", "jpeg", "webp", "pdf"]);

    /// <summary>A photo's or a PDF's first bytes, then anything: what a flood of junk uploads looks like.</summary>
    private static (string ContentType, byte[] Content) FakeFile(string name) => name switch
    {
        "png signature" => ("image/png", [.. Png.Take(8), .. Junk(1024 * 1024)]),
        "png header" => ("image/png", [.. Png, .. Junk(1024 * 1024)]),
        "png then zeros" => ("image/png", [.. Png, .. new byte[1024 * 1024]]),
        "jpeg" => ("image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0, .. Junk(1024 * 1024)]),
        "webp" => ("image/webp", [.. "RIFF"u8, 0x10, 0, 0, 0, .. "WEBPVP8 "u8, .. Junk(1024 * 1024)]),
        "pdf" => ("application/pdf", [.. "%PDF-1.7\n"u8, .. Junk(1024 * 1024)]),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    [Theory]
    [MemberData(nameof(FakeFiles))]
    public async Task AFileWithTheRightFirstBytesButNotTheRestIsRefused(string fake)
    {
        var (contentType, content) = FakeFile(fake);
        var (conversationId, client, _) = await _factory.StartConversationAsync();

        var response = await client.PostAsync($"/v3/directline/conversations/{conversationId}/upload", Multipart(("file", "photo.bin", contentType, content)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ASmallRealPdfIsAccepted()
    {
        var (conversationId, client, _) = await _factory.StartConversationAsync();
        var pdf = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

        var response = await client.PostAsync($"/v3/directline/conversations/{conversationId}/upload", Multipart(("file", "giay-to.pdf", "application/pdf", pdf)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static byte[] Junk(int length)
    {
        var junk = new byte[length];
        new Random(length).NextBytes(junk);
        return junk;
    }

    private static MultipartFormDataContent Multipart(params (string Name, string FileName, string ContentType, byte[] Content)[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, fileName, contentType, content) in parts)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            form.Add(part, name, fileName);
        }
        return form;
    }
}

using System.Net;
using System.Net.Http.Headers;

namespace CitizenHelper.Web.Tests;

/// <summary>Uploads are bounded per conversation and per client address over a day (DirectLine:Upload…PerDay).</summary>
public sealed class UploadLimitTests : IClassFixture<UploadLimitTests.LowLimits>
{
    public sealed class LowLimits() : IDisposable
    {
        public CitizenHelperFactory Factory { get; } = new(new Dictionary<string, string?>
        {
            ["DirectLine:UploadFilesPerConversationPerDay"] = "2",
            ["DirectLine:UploadFilesPerAddressPerDay"] = "5",
        });

        public void Dispose() => Factory.Dispose();
    }

    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
    private readonly CitizenHelperFactory _factory;

    public UploadLimitTests(LowLimits limits) => _factory = limits.Factory;

    private static async Task<HttpStatusCode> UploadAsync(HttpClient client, string conversationId)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(Png);
        part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(part, "file", "qr.png");
        return (await client.PostAsync($"/v3/directline/conversations/{conversationId}/upload", form)).StatusCode;
    }

    [Fact]
    public async Task AConversationAndThenAnAddressRunOutOfUploadsForTheDay()
    {
        var (first, a, _) = await _factory.StartConversationAsync();
        var (second, b, _) = await _factory.StartConversationAsync();
        var (third, c, _) = await _factory.StartConversationAsync();

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], [await UploadAsync(a, first), await UploadAsync(a, first), await UploadAsync(a, first)]);
        // The address (every test client comes from the same one) has 3 of its 5 left after the refused one.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], [await UploadAsync(b, second), await UploadAsync(b, second)]);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.TooManyRequests], [await UploadAsync(c, third), await UploadAsync(c, third)]);
    }
}

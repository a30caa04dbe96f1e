using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace CitizenHelper.Web.Tests;

/// <summary>The per-address bound counts what reaches the endpoint, however the client spells the path.</summary>
public sealed class DirectLineRateLimitSpellingTests : IDisposable
{
    // The smallest valid PNG: signature, IHDR 1×1, IDAT, IEND.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
    private readonly CitizenHelperFactory _factory = new(new() { ["DirectLine:ActivitiesPerMinute"] = "5", ["DirectLine:ActivitiesPerAddressPerMinute"] = "12" });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task TheAddressBoundHoldsHoweverThePathIsSpelled()
    {
        // Routing matches paths without regard to case or a trailing slash: each spelling reaches the same endpoint.
        // Uploads first, so they must have been counted for the last spelling to be refused.
        string[] spellings =
        [
            "/v3/directline/conversations/{0}/Upload",
            "/v3/directline/conversations/{0}/Activities",
            "/V3/DirectLine/Conversations/{0}/activities",
            "/v3/directline/conversations/{0}/activities/",
        ];
        var statuses = new List<(string Spelling, HttpStatusCode Status)>();
        foreach (var spelling in spellings)
        {
            var (conversationId, client, _) = await _factory.StartConversationAsync();
            var path = string.Format(CultureInfo.InvariantCulture, spelling, conversationId);
            for (var i = 0; i < 4; i++)
            {
                using var response = spelling.EndsWith("Upload", StringComparison.Ordinal)
                    ? await client.PostAsync(path, PhotoUpload())
                    : await client.PostAsJsonAsync(path, new { type = "message", text = $"xin chào {i}" });
                statuses.Add((spelling, response.StatusCode));
            }
        }

        // Four per conversation is under its bound of five; sixteen from one address is over its bound of twelve.
        Assert.Equal(12, statuses.Count(s => s.Status == HttpStatusCode.OK));
        Assert.All(statuses.Take(12), s => Assert.Equal(HttpStatusCode.OK, s.Status));
        Assert.All(statuses.Skip(12), s => Assert.Equal(HttpStatusCode.TooManyRequests, s.Status));
    }

    private static MultipartFormDataContent PhotoUpload()
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        content.Add(file, "file", "photo.png");
        return content;
    }
}

using System.Net;
using CitizenHelper.Web.DirectLine;

namespace CitizenHelper.Web.Tests;

/// <summary>The one bounded read that attachments, Zalo photos and Zalo events share.</summary>
public sealed class BoundedDownloadTests
{
    [Fact]
    public async Task BodyUpToTheLimitIsRead()
    {
        using var client = Serving(new byte[1000], announceLength: true);

        var bytes = await BoundedDownload.GetAsync(client, new Uri("http://files.test/a"), 1000, CancellationToken.None);

        Assert.Equal(1000, bytes!.Length);
    }

    [Fact]
    public async Task AnnouncedLengthOverTheLimitIsRefusedUnread()
    {
        var body = new CountingStream(new byte[2000]);
        using var client = Serving(body, announceLength: true);

        Assert.Null(await BoundedDownload.GetAsync(client, new Uri("http://files.test/a"), 1000, CancellationToken.None));
        Assert.Equal(0, body.BytesRead);
    }

    [Fact]
    public async Task UnannouncedBodyOverTheLimitStopsBeingReadPastIt()
    {
        var body = new CountingStream(new byte[1_000_000]);
        using var client = Serving(body, announceLength: false);

        Assert.Null(await BoundedDownload.GetAsync(client, new Uri("http://files.test/a"), 1000, CancellationToken.None));
        Assert.True(body.BytesRead < 200_000, $"read {body.BytesRead} bytes of a body over a 1000-byte limit");
    }

    [Fact]
    public async Task FailedAnswerIsNull()
    {
        using var handler = new Serve(_ => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new ByteArrayContent([1, 2, 3]) });
        using var client = new HttpClient(handler);

        Assert.Null(await BoundedDownload.GetAsync(client, new Uri("http://files.test/a"), 1000, CancellationToken.None));
    }

    private static HttpClient Serving(byte[] body, bool announceLength) => Serving(new CountingStream(body), announceLength);

    private static HttpClient Serving(CountingStream body, bool announceLength) =>
        new(new Serve(_ =>
        {
            var content = new StreamContent(body);
            content.Headers.ContentLength = announceLength ? body.Length : null;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }));

    private sealed class Serve(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(answer(request));
    }

    /// <summary>A body that counts how much of it was read, and does not say its length.</summary>
    private sealed class CountingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public int BytesRead { get; private set; }

        public override bool CanSeek => false;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await base.ReadAsync(buffer, cancellationToken);
            BytesRead += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = base.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }
    }
}

using CitizenHelper.Qr.Photos;
using CitizenHelper.Qr.Tests.Support;

namespace CitizenHelper.Qr.Tests;

/// <summary>Photos good and bad: a clear outcome for each, no exception, bounded memory and time.</summary>
public sealed class PhotoReaderTests : IDisposable
{
    private const string DeepLink = "https://tro-ly.example.gov.vn/?p=1.001193&mode=guided&lang=vi";
    private readonly PhotoReader _reader = new();

    public void Dispose() => _reader.Dispose();

    [Fact]
    public async Task PhotoOfACodeIsRead()
    {
        var photo = TestImages.Jpeg(SyntheticPhoto.Render(DeepLink, new PhotoShape(160, 15, 1.2, 10)));

        var result = await _reader.ReadAsync(photo, CancellationToken.None);

        Assert.Equal(PhotoOutcome.Read, result.Outcome);
        Assert.Equal(DeepLink, result.Text);
    }

    [Fact]
    public async Task PhotoWithoutACodeSaysSo()
    {
        var photo = TestImages.Jpeg(SyntheticPhoto.Render(new PhotoShape(160, 15, 1.2, 10)));

        Assert.Equal(PhotoOutcome.NoCode, (await _reader.ReadAsync(photo, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task PhotoWithTwoDifferentCodesIsNotGuessed()
    {
        var photo = TestImages.Png(SyntheticPhoto.Render(new PhotoShape(180, 10, 0.8, 8), ("1.001193", 400, 600), ("2.000815", 1200, 500)));

        var result = await _reader.ReadAsync(photo, CancellationToken.None);

        Assert.Equal(PhotoOutcome.SeveralCodes, result.Outcome);
        Assert.Null(result.Text);
    }

    [Fact]
    public async Task TheSameCodeTwiceIsOneAnswer()
    {
        var photo = TestImages.Png(SyntheticPhoto.Render(new PhotoShape(180, 10, 0.8, 8), ("1.001193", 400, 600), ("1.001193", 1200, 500)));

        var result = await _reader.ReadAsync(photo, CancellationToken.None);

        Assert.Equal(PhotoOutcome.Read, result.Outcome);
        Assert.Equal("1.001193", result.Text);
    }

    [Fact]
    public async Task TruncatedPhotoGetsAClearOutcome()
    {
        var photo = TestImages.Jpeg(SyntheticPhoto.Render(DeepLink, new PhotoShape(160, 15, 1.2, 10)));

        var result = await _reader.ReadAsync(photo[..(photo.Length / 3)], CancellationToken.None);

        Assert.Contains(result.Outcome, new[] { PhotoOutcome.NotAnImage, PhotoOutcome.NoCode });
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01 })]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03 })]
    [InlineData(new byte[] { })]
    public async Task CorruptOrNonImageBytesAreNotAnImage(byte[] content)
    {
        Assert.Equal(PhotoOutcome.NotAnImage, (await _reader.ReadAsync(content, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task CutOrCorruptedFilesAlwaysGetAnOutcomeInTime()
    {
        var code = SyntheticPhoto.Clean("https://tro-ly.example.gov.vn/?p=1.001193", 3);
        var random = new Random(5);
        foreach (var file in new[] { TestImages.Jpeg(code), TestImages.Png(code) })
        {
            var damaged = Enumerable.Range(0, 60).Select(i => file[..(file.Length * i / 60)]).ToList();
            for (var k = 0; k < 60; k++)
            {
                var bad = (byte[])file.Clone();
                for (var n = 0; n < 5; n++)
                {
                    bad[random.Next(2, bad.Length)] = (byte)random.Next(256);
                }
                damaged.Add(bad);
            }
            foreach (var bad in damaged)
            {
                // A header cut short once made the image library loop forever; now the structure is checked first.
                Assert.NotEqual(PhotoOutcome.TimedOut, (await _reader.ReadAsync(bad, CancellationToken.None)).Outcome);
            }
        }
    }

    [Fact]
    public async Task TextFileNamedLikeAnImageIsNotAnImage()
    {
        var result = await _reader.ReadAsync("https://tro-ly.example.gov.vn/?p=1.001193"u8.ToArray(), CancellationToken.None);

        Assert.Equal(PhotoOutcome.NotAnImage, result.Outcome);
    }

    [Fact]
    public void DecompressionBombsAreRefusedFromTheirHeader()
    {
        var pngBomb = TestImages.PngBomb(20_000);
        var jpegBomb = TestImages.JpegBomb(20_000);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var png = PhotoReader.Read(pngBomb, CancellationToken.None);
        var jpeg = PhotoReader.Read(jpegBomb, CancellationToken.None);

        Assert.Equal(PhotoOutcome.TooLarge, png.Outcome);
        Assert.Equal(PhotoOutcome.TooLarge, jpeg.Outcome);
        // 20,000² grey pixels would be 400 MB; refusing from the header allocates next to nothing.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024);
    }

    [Fact]
    public async Task AnimatedGifIsUnsupportedAndAStillOneIsRead()
    {
        Assert.Equal(2, ImageKinds.GifFrames(TestImages.Gif(2), stopAt: 5));
        Assert.Equal(PhotoOutcome.Unsupported, (await _reader.ReadAsync(TestImages.Gif(2), CancellationToken.None)).Outcome);
        Assert.Equal(PhotoOutcome.NoCode, (await _reader.ReadAsync(TestImages.Gif(1), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task WebPIsUnsupported()
    {
        byte[] webp = [0x52, 0x49, 0x46, 0x46, 0x24, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x20];

        Assert.Equal(PhotoOutcome.Unsupported, (await _reader.ReadAsync(webp, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task ReadingStopsAtItsDeadline()
    {
        using var hurried = new PhotoReader(TimeSpan.FromMilliseconds(1));
        var photo = TestImages.Jpeg(SyntheticPhoto.Render(new PhotoShape(160, 15, 1.2, 10, Width: 4000, Height: 3000)));

        Assert.Equal(PhotoOutcome.TimedOut, (await hurried.ReadAsync(photo, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task DeadlineIsKeptByTheClockWhenNoTimerFires()
    {
        // Each look at this clock is ten seconds later: the five-second timer never fires during the read, as on a
        // machine too busy to run its callback, and the reading must still come back as timed out, not as "no code".
        using var slow = new PhotoReader(TimeSpan.FromSeconds(5), new SteppingClock(TimeSpan.FromSeconds(10)));
        var photo = TestImages.Jpeg(SyntheticPhoto.Render(DeepLink, new PhotoShape(160, 15, 1.2, 10)));

        Assert.Equal(PhotoOutcome.TimedOut, (await slow.ReadAsync(photo, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task ReadingWithinItsDeadlineIsNotCutShort()
    {
        using var reader = new PhotoReader(TimeSpan.FromSeconds(5), new SteppingClock(TimeSpan.FromMilliseconds(1)));
        var photo = TestImages.Jpeg(SyntheticPhoto.Render(DeepLink, new PhotoShape(160, 15, 1.2, 10)));

        var result = await reader.ReadAsync(photo, CancellationToken.None);

        Assert.Equal(PhotoOutcome.Read, result.Outcome);
        Assert.Equal(DeepLink, result.Text);
    }

    [Fact]
    public async Task CallersCancellationIsNotReportedAsATimeout()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var photo = TestImages.Jpeg(SyntheticPhoto.Render(DeepLink, new PhotoShape(160, 15, 1.2, 10)));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _reader.ReadAsync(photo, cancelled.Token));
    }

    /// <summary>A clock that moves on by <paramref name="step"/> each time it is read.</summary>
    private sealed class SteppingClock(TimeSpan step) : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks);
    }
}

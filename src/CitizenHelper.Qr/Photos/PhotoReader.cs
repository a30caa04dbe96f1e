using CitizenHelper.Qr.Decoding;
using StbImageSharp;

namespace CitizenHelper.Qr.Photos;

/// <summary>What reading a photo gave.</summary>
public enum PhotoOutcome
{
    /// <summary>Exactly one code (or the same code more than once): <see cref="PhotoResult.Text"/> holds it.</summary>
    Read,
    NoCode,

    /// <summary>Codes with different contents: we do not pick one.</summary>
    SeveralCodes,

    /// <summary>Not an image, or a corrupt or truncated one.</summary>
    NotAnImage,

    /// <summary>An image kind we do not read (animated images, WebP, …).</summary>
    Unsupported,

    /// <summary>More pixels than <see cref="PhotoReader.MaxPixels"/> (a decompression bomb, or a scan at absurd resolution).</summary>
    TooLarge,

    /// <summary>Reading took longer than <see cref="PhotoReader.Timeout"/>.</summary>
    TimedOut,
}

public sealed record PhotoResult(PhotoOutcome Outcome, string? Text = null, int Codes = 0);

/// <summary>
/// Reads the QR code in a photo, safely: the header's dimensions are checked before any pixel is decoded, pixels
/// are capped, few photos are decoded at once, and each has a deadline, kept by a clock checked between the decoding
/// loops (not only by a timer). Managed code only (StbImageSharp for JPEG, PNG, BMP and still GIF; our own QR decoder,
/// kept over ZXing.Net by the numbers of <c>bench qr-decoders</c>).
/// </summary>
public sealed class PhotoReader : IDisposable
{
    /// <summary>A 16-megapixel phone photo fits; decoding one takes about 16 MB as grey pixels.</summary>
    public const long MaxPixels = 4096L * 4096L;
    public const int MaxSide = 8192;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Photos decoded at once; more wait their turn (within their deadline), so memory stays bounded.</summary>
    private const int MaxConcurrent = 2;

    private readonly SemaphoreSlim _slots = new(MaxConcurrent);
    private readonly TimeProvider _clock;

    public PhotoReader()
        : this(DefaultTimeout)
    {
    }

    /// <param name="timeout">How long one photo may take, waiting for a slot included.</param>
    /// <param name="clock">The clock the deadline is kept by; the system's when null.</param>
    public PhotoReader(TimeSpan timeout, TimeProvider? clock = null)
    {
        Timeout = timeout;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>How long one photo may take, waiting for a slot included.</summary>
    public TimeSpan Timeout { get; }

    public async Task<PhotoResult> ReadAsync(byte[] content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        // The timer wakes a wait for a slot; the clock, checked as the photo is read, is what keeps the deadline
        // when the machine is too busy for the timer's callback to run in time.
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(Timeout);
        var deadline = new Deadline(_clock, Timeout, timer.Token);
        try
        {
            await _slots.WaitAsync(timer.Token).ConfigureAwait(false);
            try
            {
                return await Task.Run(() => Read(content, deadline), timer.Token).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new PhotoResult(PhotoOutcome.TimedOut);
        }
    }

    /// <summary>The same, synchronously on the caller's thread, without a time limit (benchmarks and tests).</summary>
    public static PhotoResult Read(byte[] content, CancellationToken cancellationToken) => Read(content, Deadline.Unbounded(cancellationToken));

    /// <summary>The same, throwing <see cref="OperationCanceledException"/> once <paramref name="deadline"/> has passed.</summary>
    public static PhotoResult Read(byte[] content, Deadline deadline)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(deadline);
        if (ImageKinds.Sniff(content) is not { } kind)
        {
            return new PhotoResult(PhotoOutcome.NotAnImage);
        }
        if (kind == ImageKind.WebP || (kind == ImageKind.Gif && ImageKinds.GifFrames(content, stopAt: 2) > 1))
        {
            return new PhotoResult(PhotoOutcome.Unsupported);
        }
        if (!ImageKinds.WellFormed(content, kind))
        {
            return new PhotoResult(PhotoOutcome.NotAnImage);
        }
        ImageInfo? info;
        try
        {
            using var header = new MemoryStream(content, writable: false);
            info = ImageInfo.FromStream(header);
        }
#pragma warning disable CA1031 // A hostile file may make the image library fail in any way; the answer is the same.
        catch (Exception)
#pragma warning restore CA1031
        {
            return new PhotoResult(PhotoOutcome.NotAnImage);
        }
        if (info is not { } size || size.Width <= 0 || size.Height <= 0)
        {
            return new PhotoResult(PhotoOutcome.NotAnImage);
        }
        if (size.Width > MaxSide || size.Height > MaxSide || (long)size.Width * size.Height > MaxPixels)
        {
            return new PhotoResult(PhotoOutcome.TooLarge);
        }
        deadline.ThrowIfPassed();
        ImageResult image;
        try
        {
            image = ImageResult.FromMemory(content, ColorComponents.Grey);
        }
#pragma warning disable CA1031 // As above: truncated or corrupt data.
        catch (Exception)
#pragma warning restore CA1031
        {
            return new PhotoResult(PhotoOutcome.NotAnImage);
        }
        if (image.Width != size.Width || image.Height != size.Height || image.Data.Length != image.Width * image.Height)
        {
            return new PhotoResult(PhotoOutcome.NotAnImage);
        }
        deadline.ThrowIfPassed();
        var codes = QrDecoder.DecodeAll(new LumaImage(image.Width, image.Height, image.Data), deadline);
        // A reading that ended after the deadline is a timeout, whatever it found: the caller has stopped waiting.
        deadline.ThrowIfPassed();
        var distinct = codes.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count switch
        {
            0 => new PhotoResult(PhotoOutcome.NoCode),
            1 => new PhotoResult(PhotoOutcome.Read, distinct[0], codes.Count),
            _ => new PhotoResult(PhotoOutcome.SeveralCodes, null, codes.Count),
        };
    }

    public void Dispose() => _slots.Dispose();
}

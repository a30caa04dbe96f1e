namespace CitizenHelper.Qr.Decoding;

/// <summary>A grey image, one byte a pixel, row by row.</summary>
public sealed class LumaImage
{
    public LumaImage(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length != width * height)
        {
            throw new ArgumentException($"Expected {width * height} pixels, got {pixels.Length}.", nameof(pixels));
        }
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    /// <summary>Half the size each way, each pixel the mean of four: evens out noise and blur, and is four times faster to scan.</summary>
    public LumaImage Half()
    {
        var width = Width / 2;
        var height = Height / 2;
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var a = 2 * y * Width;
            var b = a + Width;
            for (var x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = (byte)((Pixels[a + (2 * x)] + Pixels[a + (2 * x) + 1] + Pixels[b + (2 * x)] + Pixels[b + (2 * x) + 1] + 2) / 4);
            }
        }
        return new LumaImage(width, height, pixels);
    }
}

using QRCoder;

namespace CitizenHelper.Qr.Tests.Support;

/// <summary>How a made-up photo of a QR code looks: code size, tilt, blur, noise, where it sits.</summary>
public sealed record PhotoShape(int CodePixels, double AngleDegrees, double BlurSigma, double NoiseSigma, int Width = 1600, int Height = 1200, int Seed = 1);

/// <summary>
/// Photo-like test images made from QRCoder's module matrix on raw grey pixels: a cluttered, unevenly lit frame,
/// the code rotated and placed off centre, then Gaussian blur and sensor noise. Deterministic for a seed.
/// </summary>
public static class SyntheticPhoto
{
    public static bool[,] Modules(string text, QRCodeGenerator.ECCLevel level = QRCodeGenerator.ECCLevel.M)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, level);
        // QRCoder's matrix includes a 4-module quiet zone on each side.
        var size = data.ModuleMatrix.Count;
        var modules = new bool[size, size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                modules[x, y] = data.ModuleMatrix[y][x];
            }
        }
        return modules;
    }

    /// <summary>A clean code: white background, <paramref name="modulePixels"/> pixels per module, quiet zone included.</summary>
    public static (int Width, int Height, byte[] Pixels) Clean(string text, int modulePixels = 4, QRCodeGenerator.ECCLevel level = QRCodeGenerator.ECCLevel.M)
    {
        var modules = Modules(text, level);
        var size = modules.GetLength(0) * modulePixels;
        var pixels = new byte[size * size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                pixels[(y * size) + x] = modules[x / modulePixels, y / modulePixels] ? (byte)0 : (byte)255;
            }
        }
        return (size, size, pixels);
    }

    /// <summary>Several codes in one frame; each (text, centre) is drawn with the shape's size and angle.</summary>
    public static (int Width, int Height, byte[] Pixels) Render(PhotoShape shape, params (string Text, double CenterX, double CenterY)[] codes)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(codes);
        var random = new Random(shape.Seed);
        var (width, height) = (shape.Width, shape.Height);
        var canvas = Background(width, height, random);
        foreach (var (text, cx, cy) in codes)
        {
            Draw(canvas, width, height, Modules(text), shape.CodePixels, shape.AngleDegrees * Math.PI / 180, cx, cy);
        }
        if (shape.BlurSigma > 0)
        {
            canvas = Blur(canvas, width, height, shape.BlurSigma);
        }
        var pixels = new byte[width * height];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)Math.Clamp(Math.Round(canvas[i] + (Gaussian(random) * shape.NoiseSigma)), 0, 255);
        }
        return (width, height, pixels);
    }

    /// <summary>One code somewhere in the frame, chosen by the seed, away from the edges.</summary>
    public static (int Width, int Height, byte[] Pixels) Render(string text, PhotoShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var random = new Random(shape.Seed * 7919);
        var margin = shape.CodePixels;
        var cx = margin + (random.NextDouble() * (shape.Width - (2 * margin)));
        var cy = margin + (random.NextDouble() * (shape.Height - (2 * margin)));
        return Render(shape, (text, cx, cy));
    }

    /// <summary>Unevenly lit paper with clutter: shaded rectangles and strokes, like a board with printed text around the code.</summary>
    internal static double[] Background(int width, int height, Random random)
    {
        var canvas = new double[width * height];
        var (gx, gy) = (random.NextDouble() * 60 / width, random.NextDouble() * 60 / height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                canvas[(y * width) + x] = 170 + (gx * x) + (gy * y);
            }
        }
        for (var k = 0; k < 60; k++)
        {
            var (w, h) = (random.Next(8, 160), random.Next(2, 30));
            var (x0, y0) = (random.Next(0, width - w), random.Next(0, height - h));
            var shade = random.Next(30, 230);
            for (var y = y0; y < y0 + h; y++)
            {
                for (var x = x0; x < x0 + w; x++)
                {
                    canvas[(y * width) + x] = shade;
                }
            }
        }
        return canvas;
    }

    private static void Draw(double[] canvas, int width, int height, bool[,] modules, int codePixels, double angle, double cx, double cy)
    {
        var count = modules.GetLength(0);
        var symbol = count - 8; // without the quiet zone
        var scale = (double)codePixels / symbol; // pixels per module
        var half = count * scale / 2;
        var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));
        var reach = (int)Math.Ceiling(half * 1.5);
        const double Dark = 35, Light = 215;
        for (var y = Math.Max(0, (int)cy - reach); y < Math.Min(height, (int)cy + reach); y++)
        {
            for (var x = Math.Max(0, (int)cx - reach); x < Math.Min(width, (int)cx + reach); x++)
            {
                // 2×2 samples per pixel: edges come out grey, as a camera sees them.
                var sum = 0.0;
                var inside = 0;
                for (var s = 0; s < 4; s++)
                {
                    var (dx, dy) = (x + 0.25 + (0.5 * (s & 1)) - cx, y + 0.25 + (0.5 * (s >> 1)) - cy);
                    var u = ((cos * dx) + (sin * dy) + half) / scale;
                    var v = ((-sin * dx) + (cos * dy) + half) / scale;
                    if (u < 0 || v < 0 || u >= count || v >= count)
                    {
                        continue;
                    }
                    inside++;
                    sum += modules[(int)u, (int)v] ? Dark : Light;
                }
                if (inside > 0)
                {
                    var i = (y * width) + x;
                    canvas[i] = ((canvas[i] * (4 - inside)) + sum) / 4;
                }
            }
        }
    }

    internal static double[] Blur(double[] source, int width, int height, double sigma)
    {
        var radius = (int)Math.Ceiling(sigma * 3);
        var kernel = new double[(2 * radius) + 1];
        for (var i = -radius; i <= radius; i++)
        {
            kernel[i + radius] = Math.Exp(-(i * i) / (2 * sigma * sigma));
        }
        var total = kernel.Sum();
        for (var i = 0; i < kernel.Length; i++)
        {
            kernel[i] /= total;
        }
        var pass = new double[source.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var sum = 0.0;
                for (var k = -radius; k <= radius; k++)
                {
                    sum += source[(y * width) + Math.Clamp(x + k, 0, width - 1)] * kernel[k + radius];
                }
                pass[(y * width) + x] = sum;
            }
        }
        var result = new double[source.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var sum = 0.0;
                for (var k = -radius; k <= radius; k++)
                {
                    sum += pass[(Math.Clamp(y + k, 0, height - 1) * width) + x] * kernel[k + radius];
                }
                result[(y * width) + x] = sum;
            }
        }
        return result;
    }

    internal static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

using System.Globalization;
using QRCoder;

namespace CitizenHelper.Qr.Tests.Support;

/// <summary>The ways a citizen's phone photo of a procedure board goes wrong, one set of photos for each.</summary>
public enum PhoneDefect
{
    /// <summary>A fair photo: mid-sized code, slight tilt, slight blur, ordinary JPEG.</summary>
    Typical,

    /// <summary>Out of focus or shaken: Gaussian blur of 1.5–4 pixels.</summary>
    Blurred,

    /// <summary>The phone held at any angle: the code turned 0–360°.</summary>
    Rotated,

    /// <summary>Taken from the side, above or below: the code's square seen at 20–50° off axis.</summary>
    Perspective,

    /// <summary>A dim corridor: an eighth to a third of the light, vignetting, the sensor's noise on what is left.</summary>
    LowLight,

    /// <summary>Sent through a chat app that re-compresses hard: JPEG quality 10–40 at 1280×960.</summary>
    Jpeg,

    /// <summary>The whole board in the frame: a code of 60–120 pixels in a 3000×2250 photo.</summary>
    Small,

    /// <summary>Two or three procedures' codes side by side.</summary>
    Several,
}

/// <summary>One made-up phone photo: the JPEG a citizen would send and the payloads its codes hold.</summary>
public sealed record PhonePhoto(PhoneDefect Defect, int Index, byte[] Jpeg, IReadOnlyList<string> Payloads, string Shape);

/// <summary>
/// Phone-like photos of QR codes on procedure boards, deterministic for a seed: each code is QRCoder's module matrix
/// (quiet zone included) seen through a pinhole camera (turned in the board's plane, tilted off axis, at a distance
/// that gives its size in pixels) on cluttered, unevenly lit paper, then dimmed, blurred, noised and written as JPEG.
/// The payloads are what boards carry: the assistant's own links (guided deep link at level H as
/// <c>PosterCodes</c> prints it, the short link at level M) and the national portal's pages for a procedure.
/// </summary>
public static class PhonePhotos
{
    private const string OwnBase = "https://tro-ly.example.gov.vn";

    /// <summary>Procedure codes that boards in the knowledge base carry.</summary>
    private static readonly string[] Procedures =
    [
        "1.001193", "2.000986", "2.001023", "2.002621", "2.000815", "2.000635", "1.004884", "1.004222", "1.001022", "1.000894", "1.000689",
    ];

    /// <summary>The same number of photos for each defect, made from <paramref name="seed"/>; the same seed gives the same photos.</summary>
    public static IEnumerable<PhonePhoto> Make(PhoneDefect defect, int count, int seed = 19)
    {
        for (var i = 0; i < count; i++)
        {
            // Not HashCode.Combine: it is randomised per process, and the photos must be the same in every run.
            yield return Make(defect, i, new Random(unchecked((seed * 1_000_003) + ((int)defect * 10_007) + i) & int.MaxValue));
        }
    }

    /// <summary>A board payload and the error correction level it is printed at.</summary>
    public static (string Text, QRCodeGenerator.ECCLevel Level) Payload(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var code = Procedures[random.Next(Procedures.Length)];
        return random.Next(4) switch
        {
            0 => ($"{OwnBase}/?p={code}&mode=guided&lang=vi", QRCodeGenerator.ECCLevel.H),
            1 => ($"{OwnBase}/?p={code}", QRCodeGenerator.ECCLevel.M),
            2 => ($"https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}", QRCodeGenerator.ECCLevel.M),
            _ => ($"https://dichvucong.gov.vn/thu-tuc-hanh-chinh/{Guid(random)}", QRCodeGenerator.ECCLevel.Q),
        };
    }

    private static string Guid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString("D", CultureInfo.InvariantCulture);
    }

    private static PhonePhoto Make(PhoneDefect defect, int index, Random random)
    {
        double Between(double low, double high) => low + (random.NextDouble() * (high - low));
        double Tilt(double low, double high) => Between(low, high) * (random.Next(2) == 0 ? -1 : 1);
        var (width, height) = (1600, 1200);
        double blur = Between(0.6, 1.2), noise = Between(4, 9), gain = 1;
        var quality = 85;
        var count = 1;
        Func<Placement> place = () => new Placement(Between(160, 300), Between(-20, 20), Tilt(0, 10), Tilt(0, 10));
        switch (defect)
        {
            case PhoneDefect.Typical:
                break;
            case PhoneDefect.Blurred:
                blur = Between(1.5, 4.0);
                place = () => new Placement(Between(200, 320), Between(-20, 20), Tilt(0, 10), Tilt(0, 10));
                break;
            case PhoneDefect.Rotated:
                place = () => new Placement(Between(160, 300), Between(0, 360), Tilt(0, 10), Tilt(0, 10));
                break;
            case PhoneDefect.Perspective:
                // Seen from below or above (pitch), or from the side (yaw), with some of the other.
                place = random.Next(2) == 0
                    ? () => new Placement(Between(200, 320), Between(-30, 30), Tilt(20, 50), Tilt(0, 30))
                    : () => new Placement(Between(200, 320), Between(-30, 30), Tilt(0, 30), Tilt(20, 50));
                break;
            case PhoneDefect.LowLight:
                gain = Between(0.12, 0.33);
                noise = Between(3, 7);
                quality = 75;
                break;
            case PhoneDefect.Jpeg:
                (width, height) = (1280, 960);
                place = () => new Placement(Between(120, 220), Between(-20, 20), Tilt(0, 10), Tilt(0, 10));
                quality = random.Next(10, 41);
                break;
            case PhoneDefect.Small:
                (width, height) = (3000, 2250);
                place = () => new Placement(Between(60, 120), Between(-15, 15), Tilt(0, 10), Tilt(0, 10));
                blur = Between(0.5, 0.9);
                break;
            case PhoneDefect.Several:
                count = random.Next(2, 4);
                place = () => new Placement(Between(150, 240), Between(-20, 20), Tilt(0, 15), Tilt(0, 15));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(defect), defect, null);
        }

        var canvas = SyntheticPhoto.Background(width, height, random);
        var payloads = new List<string>();
        var shapes = new List<string>();
        for (var k = 0; k < count; k++)
        {
            string text;
            QRCodeGenerator.ECCLevel level;
            do
            {
                (text, level) = Payload(random);
            }
            while (payloads.Contains(text));
            var placement = place();
            // Codes side by side each get their own column of the frame; a single code lands anywhere away from the edges.
            var column = (double)width / count;
            var reach = placement.Pixels * 0.8;
            var cx = (k * column) + reach + (random.NextDouble() * Math.Max(0, column - (2 * reach)));
            var cy = reach + (random.NextDouble() * (height - (2 * reach)));
            Draw(canvas, width, height, SyntheticPhoto.Modules(text, level), placement, cx, cy);
            payloads.Add(text);
            shapes.Add(string.Create(CultureInfo.InvariantCulture, $"{placement.Pixels:F0} px {placement.Roll:F0}° tilt {placement.Pitch:F0}°/{placement.Yaw:F0}° {level}"));
        }
        if (gain < 1)
        {
            Dim(canvas, width, height, gain);
        }
        canvas = SyntheticPhoto.Blur(canvas, width, height, blur);
        var pixels = new byte[width * height];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)Math.Clamp(Math.Round(canvas[i] + (SyntheticPhoto.Gaussian(random) * noise)), 0, 255);
        }
        var shape = string.Create(CultureInfo.InvariantCulture, $"{width}×{height}, {string.Join("; ", shapes)}, blur σ{blur:F1}, noise σ{noise:F1}, light ×{gain:F2}, JPEG q{quality}");
        return new PhonePhoto(defect, index, TestImages.Jpeg((width, height, pixels), quality), payloads, shape);
    }

    /// <summary>Where a code is: its side in pixels (without the quiet zone) and its turn in the board's plane, tilts about the camera's axes.</summary>
    private sealed record Placement(double Pixels, double Roll, double Pitch, double Yaw);

    /// <summary>
    /// Draws the code as a pinhole camera sees a square on a plane: each pixel's ray (2×2 samples) meets the turned and
    /// tilted plane, and the module there gives the shade.
    /// </summary>
    private static void Draw(double[] canvas, int width, int height, bool[,] modules, Placement placement, double cx, double cy)
    {
        var count = modules.GetLength(0);
        var scale = placement.Pixels / (count - 8); // plane units (pixels at the code's distance) per module
        var half = count * scale / 2;
        var focal = 1.2 * Math.Max(width, height);
        var rotation = Rotation(placement.Roll, placement.Pitch, placement.Yaw);
        // The plane's normal and in-plane axes in camera space; the code's centre sits at (0, 0, focal).
        var (ax, ay, n) = (Column(rotation, 0), Column(rotation, 1), Column(rotation, 2));
        var nDotCentre = n[2] * focal;
        var reach = (int)Math.Ceiling(half * 2.2);
        const double Dark = 35, Light = 215;
        for (var y = Math.Max(0, (int)cy - reach); y < Math.Min(height, (int)cy + reach); y++)
        {
            for (var x = Math.Max(0, (int)cx - reach); x < Math.Min(width, (int)cx + reach); x++)
            {
                var sum = 0.0;
                var inside = 0;
                for (var s = 0; s < 4; s++)
                {
                    var (dx, dy) = (x + 0.25 + (0.5 * (s & 1)) - cx, y + 0.25 + (0.5 * (s >> 1)) - cy);
                    var facing = (n[0] * dx) + (n[1] * dy) + (n[2] * focal);
                    if (facing <= 1e-9)
                    {
                        continue;
                    }
                    var t = nDotCentre / facing;
                    var (px, py, pz) = (t * dx, t * dy, (t * focal) - focal);
                    var u = (((ax[0] * px) + (ax[1] * py) + (ax[2] * pz)) + half) / scale;
                    var v = (((ay[0] * px) + (ay[1] * py) + (ay[2] * pz)) + half) / scale;
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

    /// <summary>Roll about the camera's axis, then pitch (about x) and yaw (about y), degrees.</summary>
    private static double[,] Rotation(double roll, double pitch, double yaw)
    {
        var (r, p, w) = (roll * Math.PI / 180, pitch * Math.PI / 180, yaw * Math.PI / 180);
        double[,] z = { { Math.Cos(r), -Math.Sin(r), 0 }, { Math.Sin(r), Math.Cos(r), 0 }, { 0, 0, 1 } };
        double[,] x = { { 1, 0, 0 }, { 0, Math.Cos(p), -Math.Sin(p) }, { 0, Math.Sin(p), Math.Cos(p) } };
        double[,] yy = { { Math.Cos(w), 0, Math.Sin(w) }, { 0, 1, 0 }, { -Math.Sin(w), 0, Math.Cos(w) } };
        return Multiply(yy, Multiply(x, z));
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var c = new double[3, 3];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                for (var k = 0; k < 3; k++)
                {
                    c[i, j] += a[i, k] * b[k, j];
                }
            }
        }
        return c;
    }

    private static double[] Column(double[,] m, int j) => [m[0, j], m[1, j], m[2, j]];

    /// <summary>Less light, falling off towards the corners; the sensor's noise is added afterwards on what is left.</summary>
    private static void Dim(double[] canvas, int width, int height, double gain)
    {
        var (hx, hy) = (width / 2.0, height / 2.0);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var r2 = (((x - hx) / hx * (x - hx) / hx) + ((y - hy) / hy * (y - hy) / hy)) / 2;
                var i = (y * width) + x;
                canvas[i] = 4 + (canvas[i] * gain * (1 - (0.45 * r2)));
            }
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using CitizenHelper.Qr.Decoding;
using CitizenHelper.Qr.Tests.Support;
using StbImageSharp;
using ZXing;
using ZXing.Common;
using ZXing.Multi;
using ZXing.Multi.QrCode;
using ZXing.QrCode;

namespace CitizenHelper.Bench;

/// <summary>
/// Issue #19 point 3: our QR decoder against ZXing.Net on the same phone-like photos (<see cref="PhonePhotos"/>, one
/// set per defect, fixed seed). Each photo's JPEG is decoded to grey pixels once (StbImageSharp, as the server does;
/// timed apart), then every decoder gets the same pixels, in turns, on one thread. A photo counts as decoded when the
/// decoder returns exactly its payloads (all of them, for several codes); wrong when it returns any text the photo
/// does not hold.
/// </summary>
internal static class QrDecodersBenchmark
{
    private sealed record Decoder(string Name, Func<LumaImage, IReadOnlyList<string>> DecodeAll);

    private sealed class Tally
    {
        public int Decoded { get; set; }
        public int Partly { get; set; }
        public int Wrong { get; set; }
        public List<double> Ms { get; } = [];
    }

    public static int Run(string[] args)
    {
        var perDefect = args.Length > 0 && !args[0].StartsWith('-') ? int.Parse(args[0], CultureInfo.InvariantCulture) : 40;
        var seed = Option(args, "--seed") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : 19;
        // --write DIR keeps the photos to look at (never inside the repository).
        var write = Option(args, "--write");
        var only = Option(args, "--defects")?.Split(',').Select(Enum.Parse<PhoneDefect>).ToList();
        var decoders = new List<Decoder>
        {
            new("ours", image => QrDecoder.DecodeAll(image)),
            new("zxing multi", image => Zxing(image, ZxingMode.Multi)),
            new("zxing multi+fallbacks", image => Zxing(image, ZxingMode.Fallbacks)),
            new("zxing generic+fallbacks", image => Zxing(image, ZxingMode.Generic)),
            new("zxing generic-only+fb", image => Zxing(image, ZxingMode.GenericOnly)),
        };
        var defects = only ?? [.. Enum.GetValues<PhoneDefect>()];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"qr-decoders: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()}, {perDefect} photos per defect, seed {seed}, 1 thread"));
        Console.WriteLine("  decoded = exactly the photo's payloads; part = some of several; wrong = a text the photo does not hold; ms = QR decoding of the grey pixels");
        var totals = decoders.ToDictionary(d => d.Name, _ => new Tally());
        var jpegMs = new List<double>();
        var photos = 0;
        foreach (var defect in defects)
        {
            var tallies = decoders.ToDictionary(d => d.Name, _ => new Tally());
            var first = true;
            var generation = Stopwatch.StartNew();
            foreach (var photo in PhonePhotos.Make(defect, perDefect, seed))
            {
                if (write is not null)
                {
                    Directory.CreateDirectory(write);
                    File.WriteAllBytes(Path.Combine(write, $"{defect}-{photo.Index:D2}.jpg"), photo.Jpeg);
                }
                var watch = Stopwatch.StartNew();
                var grey = ImageResult.FromMemory(photo.Jpeg, ColorComponents.Grey);
                jpegMs.Add(watch.Elapsed.TotalMilliseconds);
                var image = new LumaImage(grey.Width, grey.Height, grey.Data);
                if (first)
                {
                    // JIT and first-touch costs out of the timings: every decoder once on the set's first photo.
                    decoders.ForEach(d => d.DecodeAll(image));
                    first = false;
                }
                // Turns rotate with the photo so that neither decoder always runs right after the other.
                for (var k = 0; k < decoders.Count; k++)
                {
                    var decoder = decoders[(k + photo.Index) % decoders.Count];
                    watch.Restart();
                    var read = decoder.DecodeAll(image);
                    var ms = watch.Elapsed.TotalMilliseconds;
                    var distinct = read.Distinct(StringComparer.Ordinal).ToList();
                    foreach (var tally in new[] { tallies[decoder.Name], totals[decoder.Name] })
                    {
                        tally.Ms.Add(ms);
                        var right = distinct.Count(photo.Payloads.Contains);
                        tally.Decoded += right == photo.Payloads.Count && distinct.Count == right ? 1 : 0;
                        tally.Partly += right > 0 && right < photo.Payloads.Count ? 1 : 0;
                        tally.Wrong += distinct.Count > right ? 1 : 0;
                    }
                }
                photos++;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\n{defect} ({perDefect} photos, made and run in {generation.Elapsed.TotalSeconds:F0} s)"));
            foreach (var decoder in decoders)
            {
                Console.WriteLine(Line(decoder.Name, tallies[decoder.Name], perDefect));
            }
        }
        Console.WriteLine($"\nall ({photos} photos)");
        foreach (var decoder in decoders)
        {
            Console.WriteLine(Line(decoder.Name, totals[decoder.Name], photos));
        }
        jpegMs.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  JPEG → grey pixels (StbImageSharp, same for every decoder): mean {jpegMs.Average():F1} ms, p95 {Percentile(jpegMs, 0.95):F1} ms"));
        return 0;
    }

    private static string Line(string name, Tally tally, int photos)
    {
        tally.Ms.Sort();
        return string.Create(CultureInfo.InvariantCulture,
            $"  {name,-24} decoded {tally.Decoded,3}/{photos,-3} ({100.0 * tally.Decoded / photos,5:F1} %)  part {tally.Partly,2}  wrong {tally.Wrong,2}   mean {tally.Ms.Average(),7:F1} ms  p95 {Percentile(tally.Ms, 0.95),7:F1} ms");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Ceiling(p * sorted.Count) - 1];

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static readonly Dictionary<DecodeHintType, object> Hints = new()
    {
        [DecodeHintType.TRY_HARDER] = true,
        [DecodeHintType.POSSIBLE_FORMATS] = new List<BarcodeFormat> { BarcodeFormat.QR_CODE },
    };

    private enum ZxingMode
    {
        /// <summary>The multi-code QR reader over the hybrid binarizer: ZXing.Net's own DecodeMultiple for QR only.</summary>
        Multi,

        /// <summary>As <see cref="Multi"/>; when it finds nothing, the single-code reader, the global-histogram binarizer, then all at half size.</summary>
        Fallbacks,

        /// <summary>As <see cref="Fallbacks"/>, and the generic multiple reader (the single reader again on the parts of the image around each code found) beside the multi-code reader, results joined.</summary>
        Generic,

        /// <summary>As <see cref="Fallbacks"/> with the generic multiple reader in place of the multi-code reader.</summary>
        GenericOnly,
    }

    /// <summary>ZXing.Net's core on the grey pixels as they are (no copy), as <paramref name="mode"/> says.</summary>
    private static List<string> Zxing(LumaImage image, ZxingMode mode)
    {
        var found = ZxingAt(image, mode);
        var scaled = image;
        while (mode != ZxingMode.Multi && found.Count == 0 && scaled.Width >= 800 && scaled.Height >= 600)
        {
            scaled = scaled.Half();
            found = ZxingAt(scaled, mode);
        }
        return found;
    }

    private static List<string> ZxingAt(LumaImage image, ZxingMode mode)
    {
        var source = new PlanarYUVLuminanceSource(image.Pixels, image.Width, image.Height, 0, 0, image.Width, image.Height, false);
        var hybrid = new BinaryBitmap(new HybridBinarizer(source));
        var found = mode == ZxingMode.GenericOnly
            ? Texts(new GenericMultipleBarcodeReader(new QRCodeReader()).decodeMultiple(hybrid, Hints))
            : Texts(new QRCodeMultiReader().decodeMultiple(hybrid, Hints));
        if (mode == ZxingMode.Generic)
        {
            found = [.. found.Union(Texts(new GenericMultipleBarcodeReader(new QRCodeReader()).decodeMultiple(hybrid, Hints)), StringComparer.Ordinal)];
        }
        if (found.Count > 0 || mode == ZxingMode.Multi)
        {
            return found;
        }
        if (new QRCodeReader().decode(hybrid, Hints) is { } one)
        {
            return [one.Text];
        }
        return Texts(new QRCodeMultiReader().decodeMultiple(new BinaryBitmap(new GlobalHistogramBinarizer(source)), Hints));
    }

    private static List<string> Texts(Result[]? results) => results is null ? [] : [.. results.Select(r => r.Text)];
}

using System.Diagnostics;
using System.Globalization;
using CitizenHelper.Qr.Decoding;
using CitizenHelper.Qr.Photos;
using CitizenHelper.Qr.Tests.Support;
using Microsoft.ClearScript.JavaScript;
using Microsoft.ClearScript.V8;
using QRCoder;
using StbImageWriteSharp;

namespace CitizenHelper.Bench;

/// <summary>
/// QR decoding candidates over generated and photo-like images: read rate and milliseconds per image, from the
/// encoded file's bytes to the text (image decoding included). Images are made here: QRCoder's modules rendered,
/// rotated, blurred and noised on raw grey pixels, written as PNG or JPEG with StbImageWriteSharp.
/// </summary>
internal static class QrBenchmark
{
    private static readonly string[] Payloads =
    [
        "https://tro-ly.example.gov.vn/?p=1.001193&mode=guided&lang=vi",
        "000.00.00.M01-261118-0002",
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.000894",
    ];

    /// <summary>A decoder under test: encoded image bytes in, the text of the one code found (or null) out.</summary>
    private sealed record Candidate(string Name, Func<Image, string?> Decode);

    /// <summary>An encoded image with its grey pixels (for candidates measured without the image decoding).</summary>
    private sealed record Image(byte[] File, int Width, int Height, byte[] Grey);

    public static int Run(string[] args)
    {
        var perShape = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4;
        var sets = new List<(string Name, List<(Image File, string Text)> Images)>
        {
            ("generated (clean PNG, 4 px/module)", Generated()),
            ("photo-like 120 px, 15°, blur σ1.0, noise σ10 (JPEG)", PhotoLike(120, 1.0, perShape)),
            ("photo-like 160 px, 15°, blur σ1.2, noise σ10 (JPEG)", PhotoLike(160, 1.2, perShape)),
            ("photo-like 200 px, 15°, blur σ1.5, noise σ10 (JPEG)", PhotoLike(200, 1.5, perShape)),
            ("photo-like 120–200 px, −15°, blur σ1.5, noise σ14 (JPEG)", PhotoLike(0, 1.5, perShape, angle: -15, noise: 14)),
        };
        var candidates = new List<Candidate>
        {
            new("managed (ours): file bytes → text, StbImageSharp decoding included", image => PhotoReader.Read(image.File, CancellationToken.None) is { Outcome: PhotoOutcome.Read } r ? r.Text : null),
            new("managed (ours): grey pixels → text, QR decoding alone", image => QrDecoder.DecodeAll(new LumaImage(image.Width, image.Height, image.Grey)) is [var text] ? text : null),
        };
        using var v8 = JsQrOnV8();
        if (v8 is not null)
        {
            candidates.Add(v8.Candidate);
        }
        Console.WriteLine($"qr: {Environment.ProcessorCount} cores, {sets.Sum(s => s.Images.Count)} images, 1 thread, first image of each set decoded once before timing");
        foreach (var candidate in candidates)
        {
            Console.WriteLine($"\n{candidate.Name}");
            var allRead = 0;
            var allCount = 0;
            var allMs = new List<double>();
            foreach (var (name, images) in sets)
            {
                candidate.Decode(images[0].File);
                var times = new List<double>();
                var read = 0;
                foreach (var (file, text) in images)
                {
                    var watch = Stopwatch.StartNew();
                    var decoded = candidate.Decode(file);
                    times.Add(watch.Elapsed.TotalMilliseconds);
                    read += decoded == text ? 1 : 0;
                }
                times.Sort();
                allRead += read;
                allCount += images.Count;
                allMs.AddRange(times);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name,-58} read {read,3}/{images.Count,-3} ({100.0 * read / images.Count,5:F1} %)  {times.Average(),7:F1} ms/image  p95 {times[(int)(0.95 * (times.Count - 1))],7:F1} ms"));
            }
            allMs.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {"all",-58} read {allRead,3}/{allCount,-3} ({100.0 * allRead / allCount,5:F1} %)  {allMs.Average(),7:F1} ms/image  p95 {allMs[(int)(0.95 * (allMs.Count - 1))],7:F1} ms"));
        }
        return 0;
    }

    /// <summary>A V8 engine with jsqr loaded (fetched from npm at build), or null when it was not fetched.</summary>
    private sealed class JsQrEngine(V8ScriptEngine engine, Candidate candidate) : IDisposable
    {
        public Candidate Candidate { get; } = candidate;

        public void Dispose() => engine.Dispose();
    }

    private static JsQrEngine? JsQrOnV8()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "jsQR.js");
        if (!File.Exists(script))
        {
            Console.WriteLine("jsqr was not fetched at build (npm unavailable): the V8 candidate is skipped");
            return null;
        }
        var engine = new V8ScriptEngine();
        engine.Execute(File.ReadAllText(script));
        engine.Execute("""
            function decodeGrey(grey, width, height) {
              const rgba = new Uint8ClampedArray(width * height * 4);
              for (let i = 0, j = 0; i < grey.length; i++, j += 4) { const v = grey[i]; rgba[j] = v; rgba[j + 1] = v; rgba[j + 2] = v; rgba[j + 3] = 255; }
              const code = jsQR(rgba, width, height, { inversionAttempts: "dontInvert" });
              return code ? code.data : null;
            }
            """);
        string? Decode(byte[] pixels, int width, int height)
        {
            var grey = (ITypedArray<byte>)engine.Evaluate($"new Uint8Array({pixels.Length})");
            grey.WriteBytes(pixels, 0, (ulong)pixels.Length, 0);
            return engine.Script.decodeGrey(grey, width, height) as string;
        }
        return new JsQrEngine(engine, new Candidate("jsqr 1.4.0 (npm, dark on light only) on ClearScript V8 7.5.1.1: grey pixels → text, QR decoding alone", image => Decode(image.Grey, image.Width, image.Height)));
    }

    private static List<(Image, string)> Generated() =>
        [.. Payloads.Select(text =>
        {
            var (width, height, pixels) = SyntheticPhoto.Clean(text, 4, QRCodeGenerator.ECCLevel.H);
            return (Encode(width, height, pixels, jpeg: false), text);
        })];

    /// <summary><paramref name="size"/> 0: sizes spread over 120–200 px.</summary>
    private static List<(Image, string)> PhotoLike(int size, double blur, int perShape, double angle = 15, double noise = 10)
    {
        var images = new List<(Image, string)>();
        var seed = 1;
        foreach (var text in Payloads)
        {
            for (var i = 0; i < perShape; i++, seed++)
            {
                var pixels = size > 0 ? size : 120 + (80 * i / Math.Max(1, perShape - 1));
                var (width, height, luma) = SyntheticPhoto.Render(text, new PhotoShape(pixels, angle, blur, noise, Seed: seed + (size * 1000)));
                images.Add((Encode(width, height, luma, jpeg: true), text));
            }
        }
        return images;
    }

    private static Image Encode(int width, int height, byte[] grey, bool jpeg)
    {
        using var file = new MemoryStream();
        var writer = new ImageWriter();
        if (jpeg)
        {
            writer.WriteJpg(grey, width, height, ColorComponents.Grey, file, 85);
        }
        else
        {
            writer.WritePng(grey, width, height, ColorComponents.Grey, file);
        }
        // The pixels as a decoder would get them back from the file (JPEG is lossy).
        var decoded = StbImageSharp.ImageResult.FromMemory(file.ToArray(), StbImageSharp.ColorComponents.Grey);
        return new Image(file.ToArray(), width, height, decoded.Data);
    }
}

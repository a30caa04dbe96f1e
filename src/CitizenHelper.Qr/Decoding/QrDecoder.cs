namespace CitizenHelper.Qr.Decoding;

/// <summary>
/// Reads the QR codes in a grey image (ISO/IEC 18004, model 2, versions 1–10): binarize, find finder patterns,
/// sample each candidate symbol, correct errors, parse the text. Managed code only.
/// </summary>
public static class QrDecoder
{
    /// <summary>At most this many candidate triples of finder patterns are tried per image.</summary>
    private const int MaxTriples = 24;

    /// <summary>Every code read in the image (a code seen twice is listed once per place). Empty when none.</summary>
    public static IReadOnlyList<string> DecodeAll(LumaImage image, CancellationToken cancellationToken = default) =>
        DecodeAll(image, Deadline.Unbounded(cancellationToken));

    /// <summary>The same, stopping with <see cref="OperationCanceledException"/> once <paramref name="deadline"/> has passed (checked row by row and per candidate).</summary>
    public static IReadOnlyList<string> DecodeAll(LumaImage image, Deadline deadline)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(deadline);
        var found = DecodeAt(image, deadline);
        // Large photos hold the code with many pixels per module; at half size noise and blur average out.
        var scaled = image;
        while (found.Count == 0 && scaled.Width >= 800 && scaled.Height >= 600)
        {
            scaled = scaled.Half();
            found = DecodeAt(scaled, deadline);
        }
        return found;
    }

    private static List<string> DecodeAt(LumaImage image, Deadline deadline)
    {
        var bits = Binarizer.Binarize(image, deadline);
        var candidates = new FinderPatternFinder(bits).FindAll(tryHarder: true, deadline);
        var results = new List<string>();
        var used = new List<Point>();
        foreach (var (bottomLeft, topLeft, topRight, moduleSize) in FinderPatternFinder.Triples(candidates, MaxTriples))
        {
            deadline.ThrowIfPassed();
            if (used.Any(u => Near(u, bottomLeft, moduleSize) || Near(u, topLeft, moduleSize) || Near(u, topRight, moduleSize)))
            {
                continue;
            }
            if (DecodeSymbol(bits, bottomLeft, topLeft, topRight) is { } text)
            {
                results.Add(text);
                used.AddRange([bottomLeft, topLeft, topRight]);
            }
        }
        return results;
    }

    private static bool Near(Point a, Point b, float moduleSize) => Point.Distance(a, b) < moduleSize * 3;

    private static string? DecodeSymbol(BitMatrix bits, Point bottomLeft, Point topLeft, Point topRight)
    {
        foreach (var symbol in Detector.Sample(bits, bottomLeft, topLeft, topRight))
        {
            foreach (var mirrored in new[] { false, true })
            {
                if (CodewordReader.Read(symbol, mirrored) is var (data, version) && BitStreamParser.Parse(data, version) is { } text)
                {
                    return text;
                }
            }
        }
        return null;
    }
}

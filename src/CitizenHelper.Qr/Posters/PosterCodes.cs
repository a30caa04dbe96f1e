using QRCoder;

namespace CitizenHelper.Qr.Posters;

/// <summary>
/// The QR code printed on a procedure's poster: our deep link in guided mode, at error correction level H so a
/// worn, scratched or partly covered board still reads (up to about 30 % of the code may be lost).
/// </summary>
public sealed class PosterCodes(string publicBaseUrl)
{
    private readonly string _base = publicBaseUrl.TrimEnd('/');

    /// <summary>What the code holds: opens the assistant on the procedure, guided, in Vietnamese.</summary>
    public string DeepLink(string code) => $"{_base}/?p={Uri.EscapeDataString(code)}&mode=guided&lang=vi";

    /// <summary>Printed under the code, for those who type it: the shortest link that still opens the procedure.</summary>
    public string ShortUrl(string code) => $"{_base}/?p={Uri.EscapeDataString(code)}";

    public byte[] Png(string code, int pixelsPerModule = 12)
    {
        using var data = Generate(code);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    /// <summary>An SVG that scales to its box (viewBox, no fixed size), black on white, quiet zone included.</summary>
    public string Svg(string code)
    {
        using var data = Generate(code);
        var svg = new SvgQRCode(data).GetGraphic(10, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        return start > 0 ? svg[start..] : svg;
    }

    private QRCodeData Generate(string code)
    {
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(DeepLink(code), QRCodeGenerator.ECCLevel.H);
    }
}

using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using CitizenHelper.Qr.Photos;

namespace CitizenHelper.Web.DirectLine;

/// <summary>
/// What a citizen may upload: photos (of a QR code, a receipt, a document) and PDFs, recognised by their bytes —
/// the first bytes and the structure after them, so a file that only begins like a photo is refused.
/// </summary>
public static class UploadedFile
{
    private static readonly string[] Kinds = ["image/jpeg", "image/png", "image/webp", "application/pdf"];

    // A JPEG may carry a maker's trailer after its end marker; more than this after it is not a photo's.
    private const int MaxJpegTrailer = 64 * 1024;

    // PDF writers end the file with %%EOF, sometimes followed by a line break or a little padding.
    private const int PdfEndWindow = 1024;

    public static IEnumerable<string> AllowedTypes => Kinds;

    /// <summary>The type the bytes really are, or null when they are none of the allowed kinds or not whole.</summary>
    public static string? Sniff(ReadOnlySpan<byte> content) => content switch
    {
        [0xFF, 0xD8, 0xFF, ..] when Jpeg(content) => "image/jpeg",
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] when Png(content) => "image/png",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] when WebP(content) => "image/webp",
        [0x25, 0x50, 0x44, 0x46, 0x2D, ..] when Pdf(content) => "application/pdf",
        _ => null,
    };

    /// <summary>
    /// Who uploaded, for the per-address daily bound: a keyed hash of the client address, not the address itself
    /// (the key is the Direct Line secret, so the value means nothing outside this service).
    /// </summary>
    public static string AddressKey(string secret, IPAddress? address)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes("upload-address:" + (address?.ToString() ?? "unknown")));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    // Segments well formed up to the first scan, and an end marker no further from the end than a maker's trailer.
    private static bool Jpeg(ReadOnlySpan<byte> jpeg)
    {
        if (!ImageKinds.WellFormed(jpeg, ImageKind.Jpeg))
        {
            return false;
        }
        var end = jpeg.LastIndexOf([(byte)0xFF, (byte)0xD9]);
        return end > 0 && jpeg.Length - (end + 2) <= MaxJpegTrailer;
    }

    // IHDR first, at least one IDAT, and IEND ending the file: nothing rides after the image.
    private static bool Png(ReadOnlySpan<byte> png)
    {
        var at = 8;
        var data = false;
        while (at + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[at..]);
            if (length > int.MaxValue || at + 12 + (long)length > png.Length)
            {
                return false;
            }
            var type = png.Slice(at + 4, 4);
            if (at == 8 && !type.SequenceEqual("IHDR"u8))
            {
                return false;
            }
            data |= type.SequenceEqual("IDAT"u8);
            at += 12 + (int)length;
            if (type.SequenceEqual("IEND"u8))
            {
                return data && at == png.Length;
            }
        }
        return false;
    }

    // The RIFF size is the file's (less its 8-byte header), and the first chunk is a WebP image's.
    private static bool WebP(ReadOnlySpan<byte> webp) =>
        webp.Length >= 20
        && BinaryPrimitives.ReadUInt32LittleEndian(webp[4..]) + 8L == webp.Length
        && (webp[12..16].SequenceEqual("VP8 "u8) || webp[12..16].SequenceEqual("VP8L"u8) || webp[12..16].SequenceEqual("VP8X"u8))
        && BinaryPrimitives.ReadUInt32LittleEndian(webp[16..]) + 20L <= webp.Length;

    // A version after %PDF-, and the end-of-file marker at the end.
    private static bool Pdf(ReadOnlySpan<byte> pdf) =>
        pdf.Length > 8 && char.IsAsciiDigit((char)pdf[5])
        && pdf[Math.Max(0, pdf.Length - PdfEndWindow)..].IndexOf("%%EOF"u8) >= 0;
}

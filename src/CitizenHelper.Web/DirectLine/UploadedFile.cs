namespace CitizenHelper.Web.DirectLine;

/// <summary>What a citizen may upload: photos (of a QR code, a receipt, a document) and PDFs, recognised by their bytes.</summary>
public static class UploadedFile
{
    private static readonly (string ContentType, byte[] Magic)[] Kinds =
    [
        ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        ("image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        ("image/webp", [0x52, 0x49, 0x46, 0x46]),
        ("application/pdf", [0x25, 0x50, 0x44, 0x46, 0x2D]),
    ];

    public static IEnumerable<string> AllowedTypes => Kinds.Select(k => k.ContentType);

    /// <summary>The type the bytes really are, or null when they are none of the allowed kinds.</summary>
    public static string? Sniff(ReadOnlySpan<byte> content)
    {
        foreach (var (type, magic) in Kinds)
        {
            if (content.StartsWith(magic) && (type != "image/webp" || (content.Length >= 12 && content[8..12].SequenceEqual("WEBP"u8))))
            {
                return type;
            }
        }
        return null;
    }
}

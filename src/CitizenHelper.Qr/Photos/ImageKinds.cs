using System.Buffers.Binary;

namespace CitizenHelper.Qr.Photos;

public enum ImageKind
{
    Jpeg,
    Png,
    Gif,
    Bmp,
    WebP,
}

/// <summary>Image kinds by their first bytes (never by file name or claimed type), and a bounded count of a GIF's frames.</summary>
public static class ImageKinds
{
    public static ImageKind? Sniff(ReadOnlySpan<byte> content) => content switch
    {
        [0xFF, 0xD8, 0xFF, ..] => ImageKind.Jpeg,
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => ImageKind.Png,
        [0x47, 0x49, 0x46, 0x38, 0x37 or 0x39, 0x61, ..] => ImageKind.Gif,
        [0x42, 0x4D, ..] when content.Length > 26 => ImageKind.Bmp,
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => ImageKind.WebP,
        _ => null,
    };

    /// <summary>
    /// True when the file's structure holds together up to its pixel data: JPEG segments up to the first scan
    /// (with a frame header before it), PNG chunks from IHDR through at least one IDAT. The image library is only
    /// given files that pass: a header cut short can make it loop forever.
    /// </summary>
    public static bool WellFormed(ReadOnlySpan<byte> content, ImageKind kind) => kind switch
    {
        ImageKind.Jpeg => JpegWellFormed(content),
        ImageKind.Png => PngWellFormed(content),
        ImageKind.Gif => GifFrames(content, 1) == 1,
        ImageKind.Bmp => content.Length >= 54 && BinaryPrimitives.ReadInt32LittleEndian(content[2..]) <= content.Length,
        _ => false,
    };

    private static bool JpegWellFormed(ReadOnlySpan<byte> jpeg)
    {
        var at = 2;
        var frame = false;
        while (at + 4 <= jpeg.Length)
        {
            if (jpeg[at] != 0xFF)
            {
                return false;
            }
            var marker = jpeg[at + 1];
            if (marker == 0xFF)
            {
                at++; // fill byte
                continue;
            }
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                at += 2;
                continue;
            }
            if (marker == 0xD9)
            {
                return false;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 2)..]);
            if (length < 2 || at + 2 + length > jpeg.Length)
            {
                return false;
            }
            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
            {
                frame = length >= 8;
            }
            if (marker == 0xDA)
            {
                return frame && at + 2 + length < jpeg.Length;
            }
            at += 2 + length;
        }
        return false;
    }

    private static bool PngWellFormed(ReadOnlySpan<byte> png)
    {
        var at = 8;
        var first = true;
        var data = false;
        while (at + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[at..]);
            if (length > int.MaxValue || at + 12 + (long)length > png.Length)
            {
                return false;
            }
            var type = png.Slice(at + 4, 4);
            if (first && !type.SequenceEqual("IHDR"u8))
            {
                return false;
            }
            first = false;
            if (type.SequenceEqual("IDAT"u8))
            {
                data = true;
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                return data;
            }
            at += 12 + (int)length;
        }
        return data;
    }

    /// <summary>How many frames a GIF holds, counting no further than <paramref name="stopAt"/>; a truncated file counts what it has.</summary>
    public static int GifFrames(ReadOnlySpan<byte> gif, int stopAt)
    {
        if (gif.Length < 13)
        {
            return 0;
        }
        var at = 13;
        if ((gif[10] & 0x80) != 0)
        {
            at += 3 << ((gif[10] & 7) + 1);
        }
        var frames = 0;
        while (at < gif.Length && frames < stopAt)
        {
            switch (gif[at])
            {
                case 0x2C: // image descriptor, optional local colour table, LZW size, data sub-blocks
                    frames++;
                    if (at + 10 > gif.Length)
                    {
                        return frames;
                    }
                    var packed = gif[at + 9];
                    at += 10;
                    if ((packed & 0x80) != 0)
                    {
                        at += 3 << ((packed & 7) + 1);
                    }
                    at = SkipSubBlocks(gif, at + 1);
                    break;
                case 0x21: // extension: label, then sub-blocks
                    at = SkipSubBlocks(gif, at + 2);
                    break;
                default: // 0x3B trailer, or garbage
                    return frames;
            }
        }
        return frames;
    }

    private static int SkipSubBlocks(ReadOnlySpan<byte> gif, int at)
    {
        while (at < gif.Length && gif[at] != 0)
        {
            at += gif[at] + 1;
        }
        return at + 1;
    }
}

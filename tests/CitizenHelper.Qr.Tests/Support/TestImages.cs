using System.Buffers.Binary;
using StbImageWriteSharp;

namespace CitizenHelper.Qr.Tests.Support;

/// <summary>Image files for tests: encoded grey pixels, and hand-made headers that lie about their size.</summary>
public static class TestImages
{
    public static byte[] Jpeg((int Width, int Height, byte[] Pixels) image, int quality = 85)
    {
        using var file = new MemoryStream();
        new ImageWriter().WriteJpg(image.Pixels, image.Width, image.Height, ColorComponents.Grey, file, quality);
        return file.ToArray();
    }

    public static byte[] Png((int Width, int Height, byte[] Pixels) image)
    {
        using var file = new MemoryStream();
        new ImageWriter().WritePng(image.Pixels, image.Width, image.Height, ColorComponents.Grey, file);
        return file.ToArray();
    }

    /// <summary>A PNG whose header claims <paramref name="side"/>×<paramref name="side"/> pixels, with a few bytes of data: a decompression bomb's shape.</summary>
    public static byte[] PngBomb(int side)
    {
        using var file = new MemoryStream();
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, side);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), side);
        header[8] = 8; // bit depth
        header[9] = 0; // grey
        Chunk(file, "IHDR", header);
        Chunk(file, "IDAT", [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]);
        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>A baseline JPEG (SOF0) claiming <paramref name="side"/>×<paramref name="side"/>, with a scan header and one byte of data.</summary>
    public static byte[] JpegBomb(int side) =>
    [
        0xFF, 0xD8,
        0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(side >> 8), (byte)side, (byte)(side >> 8), (byte)side, 0x03,
        0x01, 0x11, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
        0xFF, 0xDA, 0x00, 0x0C, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3F, 0x00,
        0x00,
        0xFF, 0xD9,
    ];

    /// <summary>A 1×1 GIF with <paramref name="frames"/> frames.</summary>
    public static byte[] Gif(int frames)
    {
        var gif = new List<byte>();
        gif.AddRange("GIF89a"u8.ToArray());
        gif.AddRange([0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00]); // 1×1, global colour table of 2
        gif.AddRange([0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF]);
        for (var i = 0; i < frames; i++)
        {
            gif.AddRange([0x21, 0xF9, 0x04, 0x00, 0x0A, 0x00, 0x00, 0x00]); // graphic control: 0.1 s
            gif.AddRange([0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
            gif.AddRange([0x02, 0x02, 0x44, 0x01, 0x00]);
        }
        gif.Add(0x3B);
        return [.. gif];
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }

    private static void Chunk(Stream file, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        file.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        file.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        file.Write(crc);
    }
}

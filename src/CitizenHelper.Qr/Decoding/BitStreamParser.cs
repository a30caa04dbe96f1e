using System.Text;

namespace CitizenHelper.Qr.Decoding;

/// <summary>Turns data codewords into text: numeric, alphanumeric and byte segments, with ECI for the byte encoding (ISO/IEC 18004, 7.4).</summary>
internal static class BitStreamParser
{
    private const string Alphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    private static readonly Encoding Utf8Strict = new UTF8Encoding(false, throwOnInvalidBytes: true);

    public static string? Parse(byte[] data, QrVersion version)
    {
        var bits = new BitReader(data);
        var text = new StringBuilder();
        var bytes = new List<byte>();
        Encoding? eci = null;
        var large = version.Number >= 10;
        void FlushBytes()
        {
            if (bytes.Count > 0)
            {
                text.Append(DecodeBytes([.. bytes], eci));
                bytes.Clear();
            }
        }
        while (bits.Available >= 4)
        {
            var mode = bits.Read(4);
            switch (mode)
            {
                case 0:
                    FlushBytes();
                    return text.ToString();
                case 1:
                    FlushBytes();
                    if (!Numeric(bits, bits.Read(large ? 12 : 10), text))
                    {
                        return null;
                    }
                    break;
                case 2:
                    FlushBytes();
                    if (!AlphanumericSegment(bits, bits.Read(large ? 11 : 9), text))
                    {
                        return null;
                    }
                    break;
                case 4:
                    var count = bits.Read(large ? 16 : 8);
                    if (bits.Available < count * 8)
                    {
                        return null;
                    }
                    for (var i = 0; i < count; i++)
                    {
                        bytes.Add((byte)bits.Read(8));
                    }
                    break;
                case 7:
                    FlushBytes();
                    eci = EciEncoding(ReadEci(bits));
                    break;
                case 3:
                    // Structured append: sequence and parity; the segments that follow are read as usual.
                    bits.Read(16);
                    break;
                case 5 or 9:
                    // FNC1 (GS1 and industry formats): nothing to keep for our payloads.
                    if (mode == 9)
                    {
                        bits.Read(8);
                    }
                    break;
                default:
                    // Kanji, Hanzi and unknown modes are not used by the codes we read.
                    return null;
            }
        }
        FlushBytes();
        return text.ToString();
    }

    private static bool Numeric(BitReader bits, int count, StringBuilder text)
    {
        while (count >= 3)
        {
            if (bits.Available < 10)
            {
                return false;
            }
            var value = bits.Read(10);
            if (value >= 1000)
            {
                return false;
            }
            text.Append(value.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
            count -= 3;
        }
        if (count > 0)
        {
            var width = count == 2 ? 7 : 4;
            if (bits.Available < width)
            {
                return false;
            }
            var value = bits.Read(width);
            if (value >= (count == 2 ? 100 : 10))
            {
                return false;
            }
            text.Append(value.ToString(count == 2 ? "D2" : "D1", System.Globalization.CultureInfo.InvariantCulture));
        }
        return true;
    }

    private static bool AlphanumericSegment(BitReader bits, int count, StringBuilder text)
    {
        while (count >= 2)
        {
            if (bits.Available < 11)
            {
                return false;
            }
            var value = bits.Read(11);
            if (value >= 45 * 45)
            {
                return false;
            }
            text.Append(Alphanumeric[value / 45]).Append(Alphanumeric[value % 45]);
            count -= 2;
        }
        if (count == 1)
        {
            if (bits.Available < 6)
            {
                return false;
            }
            var value = bits.Read(6);
            if (value >= 45)
            {
                return false;
            }
            text.Append(Alphanumeric[value]);
        }
        return true;
    }

    private static int ReadEci(BitReader bits)
    {
        var first = bits.Read(8);
        return (first & 0x80) == 0 ? first
            : (first & 0xC0) == 0x80 ? ((first & 0x3F) << 8) | bits.Read(8)
            : ((first & 0x1F) << 16) | bits.Read(16);
    }

    private static Encoding? EciEncoding(int eci) => eci switch
    {
        26 => Utf8Strict,
        1 or 3 => Encoding.Latin1,
        _ => null,
    };

    /// <summary>Byte segments without ECI are UTF-8 in practice (phones and generators write it); Latin-1 when they are not valid UTF-8.</summary>
    private static string DecodeBytes(byte[] bytes, Encoding? eci)
    {
        if (eci is not null)
        {
            return eci.GetString(bytes);
        }
        try
        {
            var text = Utf8Strict.GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    private sealed class BitReader(byte[] data)
    {
        private int _position;

        public int Available => (data.Length * 8) - _position;

        public int Read(int count)
        {
            if (count > Available)
            {
                _position = data.Length * 8;
                return 0;
            }
            var value = 0;
            for (var i = 0; i < count; i++, _position++)
            {
                value = (value << 1) | ((data[_position >> 3] >> (7 - (_position & 7))) & 1);
            }
            return value;
        }
    }
}

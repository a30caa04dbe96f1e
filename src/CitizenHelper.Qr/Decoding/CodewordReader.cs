namespace CitizenHelper.Qr.Decoding;

/// <summary>Reads a sampled symbol: format and version information, unmasking, the codeword zigzag, and de-interleaving into corrected data.</summary>
internal static class CodewordReader
{
    /// <summary>The corrected data codewords and the version, or null when the symbol cannot be read.</summary>
    public static (byte[] Data, QrVersion Version)? Read(BitMatrix symbol, bool mirrored)
    {
        var dimension = symbol.Height;
        bool Get(int i, int j) => mirrored ? symbol[j, i] : symbol[i, j];
        int Copy(int i, int j, int bits) => (bits << 1) | (Get(i, j) ? 1 : 0);

        var format1 = 0;
        for (var i = 0; i < 6; i++)
        {
            format1 = Copy(i, 8, format1);
        }
        format1 = Copy(7, 8, format1);
        format1 = Copy(8, 8, format1);
        format1 = Copy(8, 7, format1);
        for (var j = 5; j >= 0; j--)
        {
            format1 = Copy(8, j, format1);
        }
        var format2 = 0;
        for (var j = dimension - 1; j >= dimension - 7; j--)
        {
            format2 = Copy(8, j, format2);
        }
        for (var i = dimension - 8; i < dimension; i++)
        {
            format2 = Copy(i, 8, format2);
        }
        if (FormatInformation.Decode(format1, format2) is not var (level, mask))
        {
            return null;
        }

        var version = QrVersion.ForDimension(dimension);
        if (version is null)
        {
            return null;
        }
        if (version.Number >= 7)
        {
            var bits = 0;
            for (var j = 5; j >= 0; j--)
            {
                for (var i = dimension - 9; i >= dimension - 11; i--)
                {
                    bits = Copy(i, j, bits);
                }
            }
            var read = QrVersion.FromVersionBits(bits);
            if (read is null)
            {
                bits = 0;
                for (var i = 5; i >= 0; i--)
                {
                    for (var j = dimension - 9; j >= dimension - 11; j--)
                    {
                        bits = Copy(i, j, bits);
                    }
                }
                read = QrVersion.FromVersionBits(bits);
            }
            if (read is null || read.Dimension != dimension)
            {
                return null;
            }
        }

        var function = version.FunctionPattern();
        var raw = new byte[version.TotalCodewords];
        int offset = 0, current = 0, count = 0;
        var up = true;
        for (var j = dimension - 1; j > 0; j -= 2)
        {
            if (j == 6)
            {
                j--;
            }
            for (var step = 0; step < dimension; step++)
            {
                var i = up ? dimension - 1 - step : step;
                for (var col = 0; col < 2; col++)
                {
                    var x = j - col;
                    if (function[x, i])
                    {
                        continue;
                    }
                    current = (current << 1) | ((Get(x, i) ^ Masked(mask, i, x)) ? 1 : 0);
                    if (++count == 8)
                    {
                        if (offset < raw.Length)
                        {
                            raw[offset++] = (byte)current;
                        }
                        count = current = 0;
                    }
                }
            }
            up = !up;
        }
        if (offset != raw.Length)
        {
            return null;
        }
        var data = Deinterleave(raw, version.BlocksFor(level));
        return data is null ? null : (data, version);
    }

    /// <summary>The data mask condition for row <paramref name="i"/>, column <paramref name="j"/> (ISO/IEC 18004, table 10).</summary>
    private static bool Masked(int mask, int i, int j) => mask switch
    {
        0 => (i + j) % 2 == 0,
        1 => i % 2 == 0,
        2 => j % 3 == 0,
        3 => (i + j) % 3 == 0,
        4 => ((i / 2) + (j / 3)) % 2 == 0,
        5 => i * j % 6 == 0,
        6 => i * j % 6 < 3,
        _ => ((i + j + (i * j % 3)) & 1) == 0,
    };

    /// <summary>Splits the interleaved codewords into blocks, corrects each, and joins their data.</summary>
    private static byte[]? Deinterleave(byte[] raw, QrVersion.Blocks blocks)
    {
        var sizes = blocks.Groups.SelectMany(g => Enumerable.Repeat(g.Data, g.Count)).ToArray();
        var ec = blocks.EcPerBlock;
        var buffers = sizes.Select(d => new byte[d + ec]).ToArray();
        var shortData = sizes.Min();
        var at = 0;
        for (var i = 0; i < shortData; i++)
        {
            foreach (var buffer in buffers)
            {
                buffer[i] = raw[at++];
            }
        }
        for (var b = 0; b < buffers.Length; b++)
        {
            if (sizes[b] > shortData)
            {
                buffers[b][shortData] = raw[at++];
            }
        }
        for (var i = 0; i < ec; i++)
        {
            for (var b = 0; b < buffers.Length; b++)
            {
                buffers[b][sizes[b] + i] = raw[at++];
            }
        }
        var data = new List<byte>(blocks.DataCodewords);
        for (var b = 0; b < buffers.Length; b++)
        {
            if (!ReedSolomon.Correct(buffers[b], ec))
            {
                return null;
            }
            data.AddRange(buffers[b].AsSpan(0, sizes[b]));
        }
        return [.. data];
    }
}

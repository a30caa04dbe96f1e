namespace CitizenHelper.Qr.Decoding;

/// <summary>Error correction level, in the order of its two format bits' value (M=00, L=01, H=10, Q=11).</summary>
internal enum ErrorCorrectionLevel
{
    M,
    L,
    H,
    Q,
}

/// <summary>One version's layout: size, alignment pattern centres, and the error correction blocks of each level (ISO/IEC 18004, tables 1 and 9).</summary>
internal sealed class QrVersion
{
    /// <summary>Blocks of one level: (count, data codewords) groups sharing one number of EC codewords per block.</summary>
    internal sealed record Blocks(int EcPerBlock, (int Count, int Data)[] Groups)
    {
        public int BlockCount => Groups.Sum(g => g.Count);
        public int DataCodewords => Groups.Sum(g => g.Count * g.Data);
    }

    // Indexed by ErrorCorrectionLevel: M, L, H, Q.
    private static readonly QrVersion[] Versions =
    [
        new(1, [], new(10, [(1, 16)]), new(7, [(1, 19)]), new(17, [(1, 9)]), new(13, [(1, 13)])),
        new(2, [6, 18], new(16, [(1, 28)]), new(10, [(1, 34)]), new(28, [(1, 16)]), new(22, [(1, 22)])),
        new(3, [6, 22], new(26, [(1, 44)]), new(15, [(1, 55)]), new(22, [(2, 13)]), new(18, [(2, 17)])),
        new(4, [6, 26], new(18, [(2, 32)]), new(20, [(1, 80)]), new(16, [(4, 9)]), new(26, [(2, 24)])),
        new(5, [6, 30], new(24, [(2, 43)]), new(26, [(1, 108)]), new(22, [(2, 11), (2, 12)]), new(18, [(2, 15), (2, 16)])),
        new(6, [6, 34], new(16, [(4, 27)]), new(18, [(2, 68)]), new(28, [(4, 15)]), new(24, [(4, 19)])),
        new(7, [6, 22, 38], new(18, [(4, 31)]), new(20, [(2, 78)]), new(26, [(4, 13), (1, 14)]), new(18, [(2, 14), (4, 15)])),
        new(8, [6, 24, 42], new(22, [(2, 38), (2, 39)]), new(24, [(2, 97)]), new(26, [(4, 14), (2, 15)]), new(22, [(4, 18), (2, 19)])),
        new(9, [6, 26, 46], new(22, [(3, 36), (2, 37)]), new(30, [(2, 116)]), new(24, [(4, 12), (4, 13)]), new(20, [(4, 16), (4, 17)])),
        new(10, [6, 28, 50], new(26, [(4, 43), (1, 44)]), new(18, [(2, 68), (2, 69)]), new(28, [(6, 15), (2, 16)]), new(24, [(6, 19), (2, 20)])),
    ];

    public const int MaxVersion = 10;

    private readonly Blocks[] _blocks;

    private QrVersion(int number, int[] alignmentCenters, params Blocks[] blocks)
    {
        Number = number;
        AlignmentCenters = alignmentCenters;
        _blocks = blocks;
        TotalCodewords = blocks[0].DataCodewords + (blocks[0].EcPerBlock * blocks[0].BlockCount);
    }

    public int Number { get; }
    public int[] AlignmentCenters { get; }
    public int TotalCodewords { get; }
    public int Dimension => 17 + (4 * Number);

    public Blocks BlocksFor(ErrorCorrectionLevel level) => _blocks[(int)level];

    public static QrVersion? ForNumber(int number) => number is >= 1 and <= MaxVersion ? Versions[number - 1] : null;

    public static QrVersion? ForDimension(int dimension) => dimension % 4 == 1 ? ForNumber((dimension - 17) / 4) : null;

    /// <summary>The 18-bit version information of versions 7 and up: the number and a BCH(18,6) remainder.</summary>
    public static int VersionBits(int number) => (number << 12) | Remainder(number << 12, 0x1F25, 12);

    /// <summary>The version whose information bits are closest to what was read, within 3 bit errors.</summary>
    public static QrVersion? FromVersionBits(int bits)
    {
        for (var number = 7; number <= MaxVersion; number++)
        {
            if (int.PopCount(bits ^ VersionBits(number)) <= 3)
            {
                return ForNumber(number);
            }
        }
        return null;
    }

    internal static int Remainder(int value, int generator, int degree)
    {
        var top = 31 - int.LeadingZeroCount(generator);
        for (var bit = 31 - int.LeadingZeroCount(value); bit >= degree && value != 0; bit = 31 - int.LeadingZeroCount(value))
        {
            value ^= generator << (bit - top);
        }
        return value;
    }

    /// <summary>The modules that are not data: finder, separator and format areas, timing, alignment and version information.</summary>
    public BitMatrix FunctionPattern()
    {
        var dimension = Dimension;
        var matrix = new BitMatrix(dimension);
        matrix.SetRegion(0, 0, 9, 9);
        matrix.SetRegion(dimension - 8, 0, 8, 9);
        matrix.SetRegion(0, dimension - 8, 9, 8);
        var max = AlignmentCenters.Length;
        for (var x = 0; x < max; x++)
        {
            for (var y = 0; y < max; y++)
            {
                // No alignment pattern where it would overlap a finder pattern.
                if ((x == 0 && (y == 0 || y == max - 1)) || (x == max - 1 && y == 0))
                {
                    continue;
                }
                matrix.SetRegion(AlignmentCenters[y] - 2, AlignmentCenters[x] - 2, 5, 5);
            }
        }
        matrix.SetRegion(6, 9, 1, dimension - 17);
        matrix.SetRegion(9, 6, dimension - 17, 1);
        if (Number > 6)
        {
            matrix.SetRegion(dimension - 11, 0, 3, 6);
            matrix.SetRegion(0, dimension - 11, 6, 3);
        }
        return matrix;
    }
}

/// <summary>The 15-bit format information: error correction level and mask, BCH(15,5) protected and masked with 0x5412.</summary>
internal static class FormatInformation
{
    private const int Mask = 0x5412;

    public static int Encode(int data) => ((data << 10) | QrVersion.Remainder(data << 10, 0x537, 10)) ^ Mask;

    /// <summary>The (level, mask) closest to either copy read, within 3 bit errors.</summary>
    public static (ErrorCorrectionLevel Level, int Mask)? Decode(int copy1, int copy2)
    {
        var bestDistance = int.MaxValue;
        var best = -1;
        for (var data = 0; data < 32; data++)
        {
            var encoded = Encode(data);
            foreach (var copy in new[] { copy1, copy2 })
            {
                var distance = int.PopCount(encoded ^ copy);
                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = data;
                }
            }
        }
        return bestDistance <= 3 ? ((ErrorCorrectionLevel)(best >> 3), best & 7) : null;
    }
}

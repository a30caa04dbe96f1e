namespace CitizenHelper.Qr.Decoding;

/// <summary>
/// Reed–Solomon error correction over GF(256) with the QR polynomial x⁸+x⁴+x³+x²+1 and generator roots α⁰…α^(n−1):
/// syndromes, Berlekamp–Massey for the error locator, Chien search for positions, Forney for values.
/// </summary>
internal static class ReedSolomon
{
    private static readonly byte[] Exp = new byte[512];
    private static readonly byte[] Log = new byte[256];

#pragma warning disable CA1810 // The tables are built once, in order; a static constructor says so plainly.
    static ReedSolomon()
#pragma warning restore CA1810
    {
        var x = 1;
        for (var i = 0; i < 255; i++)
        {
            Exp[i] = (byte)x;
            Log[x] = (byte)i;
            x <<= 1;
            if (x >= 256)
            {
                x ^= 0x11D;
            }
        }
        for (var i = 255; i < 512; i++)
        {
            Exp[i] = Exp[i - 255];
        }
    }

    private static byte Mul(byte a, byte b) => a == 0 || b == 0 ? (byte)0 : Exp[Log[a] + Log[b]];

    private static byte Div(byte a, byte b) => a == 0 ? (byte)0 : Exp[Log[a] + 255 - Log[b]];

    private static byte Pow(int power) => Exp[((power % 255) + 255) % 255];

    /// <summary>Corrects <paramref name="block"/> in place (data then EC codewords); false when there are too many errors.</summary>
    public static bool Correct(byte[] block, int ecCount)
    {
        var n = block.Length;
        var syndromes = Syndromes(block, ecCount);
        if (syndromes.All(s => s == 0))
        {
            return true;
        }

        // Berlekamp–Massey: the shortest LFSR (error locator Λ) generating the syndromes.
        var locator = new byte[ecCount + 1];
        var previous = new byte[ecCount + 1];
        locator[0] = previous[0] = 1;
        int length = 0, shift = 1;
        byte lastDiscrepancy = 1;
        for (var k = 0; k < ecCount; k++)
        {
            var discrepancy = syndromes[k];
            for (var i = 1; i <= length; i++)
            {
                discrepancy ^= Mul(locator[i], syndromes[k - i]);
            }
            if (discrepancy == 0)
            {
                shift++;
                continue;
            }
            var factor = Div(discrepancy, lastDiscrepancy);
            var saved = (byte[])locator.Clone();
            for (var i = 0; i + shift <= ecCount; i++)
            {
                locator[i + shift] ^= Mul(factor, previous[i]);
            }
            if (2 * length <= k)
            {
                length = k + 1 - length;
                previous = saved;
                lastDiscrepancy = discrepancy;
                shift = 1;
            }
            else
            {
                shift++;
            }
        }
        if (2 * length > ecCount)
        {
            return false;
        }

        // Chien search: position p (power of x) is in error when Λ(α^−p) = 0.
        var positions = new List<int>();
        for (var p = 0; p < n; p++)
        {
            byte value = 0;
            for (var i = length; i >= 0; i--)
            {
                value = (byte)(Mul(value, Pow(-p)) ^ locator[i]);
            }
            if (value == 0)
            {
                positions.Add(p);
            }
        }
        if (positions.Count != length)
        {
            return false;
        }

        // Ω(x) = S(x)Λ(x) mod x^ecCount; e = X·Ω(X⁻¹)/Λ'(X⁻¹) for first root α⁰.
        var omega = new byte[ecCount];
        for (var i = 0; i < ecCount; i++)
        {
            for (var j = 0; j <= Math.Min(i, length); j++)
            {
                omega[i] ^= Mul(syndromes[i - j], locator[j]);
            }
        }
        foreach (var p in positions)
        {
            var inverse = Pow(-p);
            byte numerator = 0;
            for (var i = ecCount - 1; i >= 0; i--)
            {
                numerator = (byte)(Mul(numerator, inverse) ^ omega[i]);
            }
            byte denominator = 0;
            for (var i = 1; i <= length; i += 2)
            {
                denominator ^= Mul(locator[i], Pow(-p * (i - 1)));
            }
            if (denominator == 0)
            {
                return false;
            }
            block[n - 1 - p] ^= Mul(Pow(p), Div(numerator, denominator));
        }
        // A wrong correction of an uncorrectable block can look plausible; the syndromes must now all be zero.
        return Syndromes(block, ecCount).All(s => s == 0);
    }

    /// <summary>r(α^i) for i below <paramref name="ecCount"/>, block[0] being the highest-degree coefficient.</summary>
    private static byte[] Syndromes(byte[] block, int ecCount)
    {
        var syndromes = new byte[ecCount];
        for (var i = 0; i < ecCount; i++)
        {
            byte value = 0;
            var root = Pow(i);
            foreach (var codeword in block)
            {
                value = (byte)(Mul(value, root) ^ codeword);
            }
            syndromes[i] = value;
        }
        return syndromes;
    }
}

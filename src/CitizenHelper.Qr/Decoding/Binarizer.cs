namespace CitizenHelper.Qr.Decoding;

/// <summary>
/// Turns a grey image into dark and light pixels with a threshold per 8×8 block: halfway between the darkest
/// and lightest pixel of the 5×5 blocks around it. Photos are lit unevenly, so one global threshold loses part
/// of the code; and halfway (not the mean) keeps dark and light modules the same width whatever their mix.
/// Flat areas take the threshold of their nearest neighbours.
/// </summary>
internal static class Binarizer
{
    private const int Block = 8;
    private const int MinContrast = 32;

    public static BitMatrix Binarize(LumaImage image, Deadline deadline)
    {
        var (width, height, luma) = (image.Width, image.Height, image.Pixels);
        var matrix = new BitMatrix(width, height);
        if (width < Block * 5 || height < Block * 5)
        {
            var mean = (int)luma.Average(p => p);
            for (var i = 0; i < luma.Length; i++)
            {
                matrix[i % width, i / width] = luma[i] < mean;
            }
            return matrix;
        }
        var subWidth = (width + Block - 1) / Block;
        var subHeight = (height + Block - 1) / Block;
        var thresholds = Thresholds(luma, subWidth, subHeight, width, height, deadline);
        for (var y = 0; y < subHeight; y++)
        {
            deadline.ThrowIfPassed();
            var yOffset = Math.Min(y * Block, height - Block);
            for (var x = 0; x < subWidth; x++)
            {
                var xOffset = Math.Min(x * Block, width - Block);
                var threshold = thresholds[(y * subWidth) + x];
                for (var yy = 0; yy < Block; yy++)
                {
                    var offset = ((yOffset + yy) * width) + xOffset;
                    for (var xx = 0; xx < Block; xx++)
                    {
                        if (luma[offset + xx] < threshold)
                        {
                            matrix[xOffset + xx, yOffset + yy] = true;
                        }
                    }
                }
            }
        }
        return matrix;
    }

    private static int[] Thresholds(byte[] luma, int subWidth, int subHeight, int width, int height, Deadline deadline)
    {
        var mins = new int[subWidth * subHeight];
        var maxs = new int[subWidth * subHeight];
        for (var y = 0; y < subHeight; y++)
        {
            deadline.ThrowIfPassed();
            var yOffset = Math.Min(y * Block, height - Block);
            for (var x = 0; x < subWidth; x++)
            {
                var xOffset = Math.Min(x * Block, width - Block);
                int min = 255, max = 0;
                for (var yy = 0; yy < Block; yy++)
                {
                    var offset = ((yOffset + yy) * width) + xOffset;
                    for (var xx = 0; xx < Block; xx++)
                    {
                        int pixel = luma[offset + xx];
                        min = Math.Min(min, pixel);
                        max = Math.Max(max, pixel);
                    }
                }
                mins[(y * subWidth) + x] = min;
                maxs[(y * subWidth) + x] = max;
            }
        }
        var thresholds = new int[subWidth * subHeight];
        var known = new bool[subWidth * subHeight];
        var any = false;
        for (var y = 0; y < subHeight; y++)
        {
            for (var x = 0; x < subWidth; x++)
            {
                int min = 255, max = 0;
                for (var yy = Math.Max(0, y - 2); yy <= Math.Min(subHeight - 1, y + 2); yy++)
                {
                    for (var xx = Math.Max(0, x - 2); xx <= Math.Min(subWidth - 1, x + 2); xx++)
                    {
                        min = Math.Min(min, mins[(yy * subWidth) + xx]);
                        max = Math.Max(max, maxs[(yy * subWidth) + xx]);
                    }
                }
                if (max - min >= MinContrast)
                {
                    thresholds[(y * subWidth) + x] = (min + max + 1) / 2;
                    known[(y * subWidth) + x] = any = true;
                }
            }
        }
        if (!any)
        {
            Array.Fill(thresholds, (int)luma.Average(p => p));
            return thresholds;
        }
        // Flat blocks: the threshold of the nearest block that had contrast, spread row-wise then column-wise.
        for (var y = 0; y < subHeight; y++)
        {
            Spread(thresholds, known, y * subWidth, 1, subWidth);
        }
        for (var x = 0; x < subWidth; x++)
        {
            Spread(thresholds, known, x, subWidth, subHeight);
        }
        return thresholds;
    }

    /// <summary>Fills unknown entries of one row or column from the nearest known entry along it.</summary>
    private static void Spread(int[] values, bool[] known, int start, int step, int count)
    {
        int? last = null;
        var distance = new int[count];
        for (var i = 0; i < count; i++)
        {
            var at = start + (i * step);
            if (known[at])
            {
                last = i;
            }
            distance[i] = last is null ? int.MaxValue : i - last.Value;
            if (!known[at] && last is not null)
            {
                values[at] = values[start + (last.Value * step)];
            }
        }
        last = null;
        for (var i = count - 1; i >= 0; i--)
        {
            var at = start + (i * step);
            if (known[at])
            {
                last = i;
                continue;
            }
            if (last is not null && last.Value - i < distance[i])
            {
                values[at] = values[start + (last.Value * step)];
                distance[i] = last.Value - i;
            }
        }
        for (var i = 0; i < count; i++)
        {
            if (distance[i] != int.MaxValue)
            {
                known[start + (i * step)] = true;
            }
        }
    }
}

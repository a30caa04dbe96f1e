namespace CitizenHelper.Qr.Decoding;

// Over 300 lines on purpose: one geometric procedure (module size, symbol size, alignment pattern, transform, sampling) whose steps share their estimates.
/// <summary>
/// From three finder patterns to a grid of modules: estimates the module size and symbol size, looks for the
/// bottom-right alignment pattern, maps module centres into the photo with a perspective transform, and samples.
/// </summary>
internal static class Detector
{
    /// <summary>Sampled symbols to try, best guess of the size first.</summary>
    public static IEnumerable<BitMatrix> Sample(BitMatrix image, Point bottomLeft, Point topLeft, Point topRight)
    {
        var moduleSize = (ModuleSizeOneWay(image, topLeft, topRight) + ModuleSizeOneWay(image, topLeft, bottomLeft)) / 2f;
        if (!(moduleSize >= 1f))
        {
            yield break;
        }
        var across = (int)MathF.Round(Point.Distance(topLeft, topRight) / moduleSize);
        var down = (int)MathF.Round(Point.Distance(topLeft, bottomLeft) / moduleSize);
        var estimate = ((across + down) / 2) + 7;
        int[] dimensions = (estimate & 3) switch
        {
            0 => [estimate + 1, estimate - 3, estimate + 5],
            1 => [estimate, estimate + 4, estimate - 4],
            2 => [estimate - 1, estimate + 3, estimate - 5],
            _ => [estimate - 2, estimate + 2],
        };
        foreach (var dimension in dimensions)
        {
            var version = QrVersion.ForDimension(dimension);
            if (version is null)
            {
                continue;
            }
            var alignment = version.AlignmentCenters.Length > 0 ? FindAlignment(image, bottomLeft, topLeft, topRight, moduleSize, dimension) : null;
            if (alignment is not null && SampleGrid(image, Transform(bottomLeft, topLeft, topRight, alignment, dimension), dimension) is { } aligned)
            {
                yield return aligned;
            }
            if (SampleGrid(image, Transform(bottomLeft, topLeft, topRight, null, dimension), dimension) is { } plain)
            {
                yield return plain;
            }
        }
    }

    private static Point? FindAlignment(BitMatrix image, Point bottomLeft, Point topLeft, Point topRight, float moduleSize, int dimension)
    {
        var between = dimension - 7;
        var bottomRightX = topRight.X - topLeft.X + bottomLeft.X;
        var bottomRightY = topRight.Y - topLeft.Y + bottomLeft.Y;
        var correction = 1f - (3f / between);
        var estimateX = (int)(topLeft.X + (correction * (bottomRightX - topLeft.X)));
        var estimateY = (int)(topLeft.Y + (correction * (bottomRightY - topLeft.Y)));
        for (var allowance = 4; allowance <= 16; allowance <<= 1)
        {
            if (AlignmentPatternFinder.Find(image, moduleSize, estimateX, estimateY, allowance) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    /// <summary>Module coordinates to image pixels: the three finder centres and the alignment centre (or the parallelogram's fourth corner).</summary>
    private static double[] Transform(Point bottomLeft, Point topLeft, Point topRight, Point? alignment, int dimension)
    {
        var far = dimension - 3.5f;
        var (corner, source) = alignment is { } a
            ? (a, far - 3f)
            : (new Point(topRight.X - topLeft.X + bottomLeft.X, topRight.Y - topLeft.Y + bottomLeft.Y), far);
        return Homography(
            [(3.5, 3.5), (far, 3.5), (source, source), (3.5, far)],
            [(topLeft.X, topLeft.Y), (topRight.X, topRight.Y), (corner.X, corner.Y), (bottomLeft.X, bottomLeft.Y)]);
    }

    /// <summary>The 3×3 projective map (h₃₃ = 1) taking four points to four points, by solving the 8×8 system.</summary>
    private static double[] Homography((double X, double Y)[] from, (double X, double Y)[] to)
    {
        var m = new double[8, 9];
        for (var k = 0; k < 4; k++)
        {
            var (x, y) = from[k];
            var (u, v) = to[k];
            double[] rowU = [x, y, 1, 0, 0, 0, -x * u, -y * u, u];
            double[] rowV = [0, 0, 0, x, y, 1, -x * v, -y * v, v];
            for (var c = 0; c < 9; c++)
            {
                m[2 * k, c] = rowU[c];
                m[(2 * k) + 1, c] = rowV[c];
            }
        }
        for (var col = 0; col < 8; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < 8; r++)
            {
                if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = r;
                }
            }
            if (Math.Abs(m[pivot, col]) < 1e-12)
            {
                return [];
            }
            for (var c = 0; c < 9; c++)
            {
                (m[col, c], m[pivot, c]) = (m[pivot, c], m[col, c]);
            }
            for (var r = 0; r < 8; r++)
            {
                if (r == col)
                {
                    continue;
                }
                var factor = m[r, col] / m[col, col];
                for (var c = col; c < 9; c++)
                {
                    m[r, c] -= factor * m[col, c];
                }
            }
        }
        var h = new double[9];
        for (var i = 0; i < 8; i++)
        {
            h[i] = m[i, 8] / m[i, i];
        }
        h[8] = 1;
        return h;
    }

    private static BitMatrix? SampleGrid(BitMatrix image, double[] h, int dimension)
    {
        if (h.Length == 0)
        {
            return null;
        }
        var symbol = new BitMatrix(dimension);
        for (var y = 0; y < dimension; y++)
        {
            var my = y + 0.5;
            for (var x = 0; x < dimension; x++)
            {
                var mx = x + 0.5;
                var w = (h[6] * mx) + (h[7] * my) + h[8];
                var px = (int)Math.Floor(((h[0] * mx) + (h[1] * my) + h[2]) / w);
                var py = (int)Math.Floor(((h[3] * mx) + (h[4] * my) + h[5]) / w);
                if (px < -1 || py < -1 || px > image.Width || py > image.Height)
                {
                    return null;
                }
                symbol[x, y] = image[Math.Clamp(px, 0, image.Width - 1), Math.Clamp(py, 0, image.Height - 1)];
            }
        }
        return symbol;
    }

    private static float ModuleSizeOneWay(BitMatrix image, Point from, Point to)
    {
        var one = RunBothWays(image, (int)from.X, (int)from.Y, (int)to.X, (int)to.Y);
        var two = RunBothWays(image, (int)to.X, (int)to.Y, (int)from.X, (int)from.Y);
        return float.IsNaN(one) ? two / 7f : float.IsNaN(two) ? one / 7f : (one + two) / 14f;
    }

    /// <summary>The length of the dark-light-dark run through a finder centre (7 modules), measured towards and away from the other pattern.</summary>
    private static float RunBothWays(BitMatrix image, int fromX, int fromY, int toX, int toY)
    {
        var result = Run(image, fromX, fromY, toX, toY);
        var scale = 1f;
        var otherToX = fromX - (toX - fromX);
        if (otherToX < 0)
        {
            scale = fromX / (float)(fromX - otherToX);
            otherToX = 0;
        }
        else if (otherToX >= image.Width)
        {
            scale = (image.Width - 1 - fromX) / (float)(otherToX - fromX);
            otherToX = image.Width - 1;
        }
        var otherToY = (int)(fromY - ((toY - fromY) * scale));
        scale = 1f;
        if (otherToY < 0)
        {
            scale = fromY / (float)(fromY - otherToY);
            otherToY = 0;
        }
        else if (otherToY >= image.Height)
        {
            scale = (image.Height - 1 - fromY) / (float)(otherToY - fromY);
            otherToY = image.Height - 1;
        }
        otherToX = (int)(fromX + ((otherToX - fromX) * scale));
        result += Run(image, fromX, fromY, otherToX, otherToY);
        return result - 1f;
    }

    /// <summary>Bresenham from a finder centre until dark, light, dark have been crossed.</summary>
    private static float Run(BitMatrix image, int fromX, int fromY, int toX, int toY)
    {
        var steep = Math.Abs(toY - fromY) > Math.Abs(toX - fromX);
        if (steep)
        {
            (fromX, fromY) = (fromY, fromX);
            (toX, toY) = (toY, toX);
        }
        var dx = Math.Abs(toX - fromX);
        var dy = Math.Abs(toY - fromY);
        var error = -dx / 2;
        var xStep = fromX < toX ? 1 : -1;
        var yStep = fromY < toY ? 1 : -1;
        var state = 0;
        var xLimit = toX + xStep;
        for (int x = fromX, y = fromY; x != xLimit; x += xStep)
        {
            var realX = steep ? y : x;
            var realY = steep ? x : y;
            if (realX < 0 || realY < 0 || realX >= image.Width || realY >= image.Height)
            {
                break;
            }
            if ((state == 1) == image[realX, realY])
            {
                if (state == 2)
                {
                    return Point.Distance(new Point(x, y), new Point(fromX, fromY));
                }
                state++;
            }
            error += dy;
            if (error > 0)
            {
                if (y == toY)
                {
                    break;
                }
                y += yStep;
                error -= dx;
            }
        }
        return state == 2 ? Point.Distance(new Point(toX + xStep, toY), new Point(fromX, fromY)) : float.NaN;
    }
}

/// <summary>Looks for an alignment pattern (dark centre module, light ring, dark ring: 1:1:1 runs) near where it should be.</summary>
internal static class AlignmentPatternFinder
{
    public static Point? Find(BitMatrix image, float moduleSize, int estimateX, int estimateY, int allowanceFactor)
    {
        var allowance = (int)(allowanceFactor * moduleSize);
        var left = Math.Max(0, estimateX - allowance);
        var right = Math.Min(image.Width - 1, estimateX + allowance);
        var top = Math.Max(0, estimateY - allowance);
        var bottom = Math.Min(image.Height - 1, estimateY + allowance);
        if (right - left < moduleSize * 3 || bottom - top < moduleSize * 3)
        {
            return null;
        }
        var height = bottom - top;
        var middle = top + (height / 2);
        var candidates = new List<(Point Center, float Size, int Count)>();
        var state = new int[3];
        for (var g = 0; g < height; g++)
        {
            var i = middle + ((g & 1) == 0 ? (g + 1) / 2 : -((g + 1) / 2));
            if (i < 0 || i >= image.Height)
            {
                continue;
            }
            Array.Clear(state);
            var j = left;
            while (j < right && !image[j, i])
            {
                j++;
            }
            var current = 0;
            for (; j < right; j++)
            {
                if (image[j, i])
                {
                    if (current == 1)
                    {
                        state[1]++;
                    }
                    else if (current == 2)
                    {
                        if (Cross(state, moduleSize) && Confirm(image, state, i, j, moduleSize, candidates) is { } found)
                        {
                            return found;
                        }
                        state[0] = state[2];
                        state[1] = 1;
                        state[2] = 0;
                        current = 1;
                    }
                    else
                    {
                        state[++current]++;
                    }
                }
                else
                {
                    if (current == 1)
                    {
                        current++;
                    }
                    state[current]++;
                }
            }
            if (Cross(state, moduleSize) && Confirm(image, state, i, right, moduleSize, candidates) is { } last)
            {
                return last;
            }
        }
        return candidates.Count > 0 ? candidates[0].Center : null;
    }

    private static bool Cross(int[] state, float moduleSize)
    {
        var variance = moduleSize / 2f;
        return state.All(count => MathF.Abs(moduleSize - count) < variance);
    }

    private static Point? Confirm(BitMatrix image, int[] state, int i, int j, float moduleSize, List<(Point Center, float Size, int Count)> candidates)
    {
        var total = state[0] + state[1] + state[2];
        var centerJ = j - state[2] - (state[1] / 2f);
        var centerI = CrossCheckVertical(image, i, (int)centerJ, 2 * state[1], total, moduleSize);
        if (float.IsNaN(centerI))
        {
            return null;
        }
        var size = total / 3f;
        for (var k = 0; k < candidates.Count; k++)
        {
            var (center, known, _) = candidates[k];
            if (MathF.Abs(centerI - center.Y) <= size && MathF.Abs(centerJ - center.X) <= size && (MathF.Abs(size - known) <= 1f || MathF.Abs(size - known) <= known))
            {
                return new Point((center.X + centerJ) / 2f, (center.Y + centerI) / 2f);
            }
        }
        candidates.Add((new Point(centerJ, centerI), size, 1));
        return null;
    }

    private static float CrossCheckVertical(BitMatrix image, int startI, int centerJ, int maxCount, int originalTotal, float moduleSize)
    {
        var max = image.Height;
        var state = new int[3];
        var i = startI;
        while (i >= 0 && image[centerJ, i] && state[1] <= maxCount)
        {
            state[1]++;
            i--;
        }
        if (i < 0 || state[1] > maxCount)
        {
            return float.NaN;
        }
        while (i >= 0 && !image[centerJ, i] && state[0] <= maxCount)
        {
            state[0]++;
            i--;
        }
        if (state[0] > maxCount)
        {
            return float.NaN;
        }
        i = startI + 1;
        while (i < max && image[centerJ, i] && state[1] <= maxCount)
        {
            state[1]++;
            i++;
        }
        if (i == max || state[1] > maxCount)
        {
            return float.NaN;
        }
        while (i < max && !image[centerJ, i] && state[2] <= maxCount)
        {
            state[2]++;
            i++;
        }
        if (state[2] > maxCount)
        {
            return float.NaN;
        }
        var total = state[0] + state[1] + state[2];
        if (5 * Math.Abs(total - originalTotal) >= 2 * originalTotal)
        {
            return float.NaN;
        }
        return Cross(state, moduleSize) ? i - state[2] - (state[1] / 2f) : float.NaN;
    }
}

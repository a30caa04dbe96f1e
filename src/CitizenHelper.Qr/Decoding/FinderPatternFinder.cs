namespace CitizenHelper.Qr.Decoding;

// Over 300 lines on purpose: the scan for finder patterns and its cross-checks are one algorithm, with the small types it returns.
/// <summary>A point in image pixels.</summary>
internal readonly record struct Point(float X, float Y)
{
    public static float Distance(Point a, Point b) => MathF.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));
}

/// <summary>A candidate finder pattern (the three big squares), with how many scan lines confirmed it.</summary>
internal sealed class FinderPattern(float x, float y, float moduleSize)
{
    public float X { get; private set; } = x;
    public float Y { get; private set; } = y;
    public float ModuleSize { get; private set; } = moduleSize;
    public int Count { get; private set; } = 1;
    public Point Center => new(X, Y);

    public bool AboutEquals(float moduleSize, float y, float x)
    {
        if (MathF.Abs(y - Y) <= moduleSize && MathF.Abs(x - X) <= moduleSize)
        {
            var difference = MathF.Abs(moduleSize - ModuleSize);
            return difference <= 1f || difference <= ModuleSize;
        }
        return false;
    }

    public void Combine(float y, float x, float moduleSize)
    {
        var count = Count + 1;
        X = ((Count * X) + x) / count;
        Y = ((Count * Y) + y) / count;
        ModuleSize = ((Count * ModuleSize) + moduleSize) / count;
        Count = count;
    }
}

/// <summary>
/// Finds the finder patterns: runs of dark, light, dark, light, dark in the ratio 1:1:3:1:1 along a row,
/// confirmed down the column and along the diagonal through the same centre (ISO/IEC 18004, 12.2).
/// </summary>
internal sealed class FinderPatternFinder(BitMatrix image)
{
    private const int MinSkip = 3;
    private const int MaxModules = 57; // version 10
    private readonly List<FinderPattern> _candidates = [];
    private bool _hasSkipped;

    public IReadOnlyList<FinderPattern> Candidates => _candidates;

    public List<FinderPattern> FindAll(bool tryHarder, Deadline deadline)
    {
        var (maxI, maxJ) = (image.Height, image.Width);
        var iSkip = (3 * maxI) / (4 * MaxModules);
        if (iSkip < MinSkip || tryHarder)
        {
            iSkip = MinSkip;
        }
        var state = new int[5];
        for (var i = iSkip - 1; i < maxI; i += iSkip)
        {
            deadline.ThrowIfPassed();
            Array.Clear(state);
            var current = 0;
            for (var j = 0; j < maxJ; j++)
            {
                if (image[j, i])
                {
                    if ((current & 1) == 1)
                    {
                        current++;
                    }
                    state[current]++;
                }
                else if ((current & 1) == 0)
                {
                    if (current == 4)
                    {
                        if (FoundPatternCross(state) && HandlePossibleCenter(state, i, j))
                        {
                            iSkip = 2;
                            if (!_hasSkipped)
                            {
                                var rowSkip = FindRowSkip();
                                if (rowSkip > state[2])
                                {
                                    i += rowSkip - state[2] - iSkip;
                                    j = maxJ - 1;
                                }
                            }
                            current = 0;
                            Array.Clear(state);
                        }
                        else
                        {
                            ShiftCounts(state);
                            current = 3;
                        }
                    }
                    else
                    {
                        state[++current]++;
                    }
                }
                else
                {
                    state[current]++;
                }
            }
            if (FoundPatternCross(state) && HandlePossibleCenter(state, i, maxJ))
            {
                iSkip = state[0];
            }
        }
        return _candidates;
    }

    private static void ShiftCounts(int[] state)
    {
        state[0] = state[2];
        state[1] = state[3];
        state[2] = state[4];
        state[3] = 1;
        state[4] = 0;
    }

    internal static bool FoundPatternCross(int[] state) => FoundPattern(state, 2f);

    private static bool FoundPattern(int[] state, float varianceDivisor)
    {
        var total = 0;
        foreach (var count in state)
        {
            if (count == 0)
            {
                return false;
            }
            total += count;
        }
        if (total < 7)
        {
            return false;
        }
        var module = total / 7f;
        var variance = module / varianceDivisor;
        return MathF.Abs(module - state[0]) < variance && MathF.Abs(module - state[1]) < variance
            && MathF.Abs((3f * module) - state[2]) < 3 * variance
            && MathF.Abs(module - state[3]) < variance && MathF.Abs(module - state[4]) < variance;
    }

    private static float CenterFromEnd(int[] state, int end) => end - state[4] - state[3] - (state[2] / 2f);

    private bool HandlePossibleCenter(int[] state, int i, int j)
    {
        var total = state.Sum();
        var centerJ = CenterFromEnd(state, j);
        var centerI = CrossCheck(i, (int)centerJ, state[2], total, vertical: true);
        if (float.IsNaN(centerI))
        {
            return false;
        }
        centerJ = CrossCheck((int)centerJ, (int)centerI, state[2], total, vertical: false);
        if (float.IsNaN(centerJ) || !CrossCheckDiagonal((int)centerI, (int)centerJ))
        {
            return false;
        }
        var moduleSize = total / 7f;
        foreach (var candidate in _candidates)
        {
            if (candidate.AboutEquals(moduleSize, centerI, centerJ))
            {
                candidate.Combine(centerI, centerJ, moduleSize);
                return true;
            }
        }
        _candidates.Add(new FinderPattern(centerJ, centerI, moduleSize));
        return true;
    }

    /// <summary>Counts the 1:1:3:1:1 runs through (<paramref name="start"/>, <paramref name="across"/>) along a column (vertical) or a row.</summary>
    private float CrossCheck(int start, int across, int maxCount, int originalTotal, bool vertical)
    {
        var max = vertical ? image.Height : image.Width;
        bool Dark(int at) => vertical ? image[across, at] : image[at, across];
        var state = new int[5];
        var i = start;
        while (i >= 0 && Dark(i))
        {
            state[2]++;
            i--;
        }
        if (i < 0)
        {
            return float.NaN;
        }
        while (i >= 0 && !Dark(i) && state[1] <= maxCount)
        {
            state[1]++;
            i--;
        }
        if (i < 0 || state[1] > maxCount)
        {
            return float.NaN;
        }
        while (i >= 0 && Dark(i) && state[0] <= maxCount)
        {
            state[0]++;
            i--;
        }
        if (state[0] > maxCount)
        {
            return float.NaN;
        }
        i = start + 1;
        while (i < max && Dark(i))
        {
            state[2]++;
            i++;
        }
        if (i == max)
        {
            return float.NaN;
        }
        while (i < max && !Dark(i) && state[3] < maxCount)
        {
            state[3]++;
            i++;
        }
        if (i == max || state[3] >= maxCount)
        {
            return float.NaN;
        }
        while (i < max && Dark(i) && state[4] < maxCount)
        {
            state[4]++;
            i++;
        }
        if (state[4] >= maxCount)
        {
            return float.NaN;
        }
        var total = state.Sum();
        if (5 * Math.Abs(total - originalTotal) >= 2 * originalTotal)
        {
            return float.NaN;
        }
        return FoundPatternCross(state) ? CenterFromEnd(state, i) : float.NaN;
    }

    private bool CrossCheckDiagonal(int centerI, int centerJ)
    {
        var state = new int[5];
        var i = 0;
        while (centerI >= i && centerJ >= i && image[centerJ - i, centerI - i])
        {
            state[2]++;
            i++;
        }
        if (state[2] == 0)
        {
            return false;
        }
        while (centerI >= i && centerJ >= i && !image[centerJ - i, centerI - i])
        {
            state[1]++;
            i++;
        }
        if (state[1] == 0)
        {
            return false;
        }
        while (centerI >= i && centerJ >= i && image[centerJ - i, centerI - i])
        {
            state[0]++;
            i++;
        }
        if (state[0] == 0)
        {
            return false;
        }
        var (maxI, maxJ) = (image.Height, image.Width);
        i = 1;
        while (centerI + i < maxI && centerJ + i < maxJ && image[centerJ + i, centerI + i])
        {
            state[2]++;
            i++;
        }
        while (centerI + i < maxI && centerJ + i < maxJ && !image[centerJ + i, centerI + i])
        {
            state[3]++;
            i++;
        }
        if (state[3] == 0)
        {
            return false;
        }
        while (centerI + i < maxI && centerJ + i < maxJ && image[centerJ + i, centerI + i])
        {
            state[4]++;
            i++;
        }
        return state[4] != 0 && FoundPattern(state, 1.333f);
    }

    private int FindRowSkip()
    {
        FinderPattern? first = null;
        foreach (var center in _candidates.Where(c => c.Count >= 2))
        {
            if (first is null)
            {
                first = center;
            }
            else
            {
                _hasSkipped = true;
                return (int)(MathF.Abs(first.X - center.X) - MathF.Abs(first.Y - center.Y)) / 2;
            }
        }
        return 0;
    }

    /// <summary>
    /// The triples of candidates that could be one code's three finder patterns — similar module sizes, close to a
    /// right isosceles triangle — best first, ordered bottom-left, top-left, top-right.
    /// </summary>
    public static List<(Point BottomLeft, Point TopLeft, Point TopRight, float ModuleSize)> Triples(IReadOnlyList<FinderPattern> candidates, int max)
    {
        var sorted = candidates.OrderBy(c => c.ModuleSize).ToList();
        var triples = new List<(double Distortion, FinderPattern A, FinderPattern B, FinderPattern C)>();
        for (var i = 0; i < sorted.Count - 2; i++)
        {
            var a = sorted[i];
            for (var j = i + 1; j < sorted.Count - 1; j++)
            {
                var b = sorted[j];
                for (var k = j + 1; k < sorted.Count; k++)
                {
                    var c = sorted[k];
                    if (c.ModuleSize > a.ModuleSize * 1.4f)
                    {
                        continue;
                    }
                    double[] squares = [Squared(a, b), Squared(b, c), Squared(a, c)];
                    Array.Sort(squares);
                    // The code spans at least 21 modules: finder centres are at least 14 modules apart.
                    if (squares[0] < 14 * 14 * a.ModuleSize * a.ModuleSize * 0.5)
                    {
                        continue;
                    }
                    var distortion = (Math.Abs(squares[2] - (2 * squares[1])) + Math.Abs(squares[2] - (2 * squares[0]))) / squares[2];
                    if (distortion < 0.5)
                    {
                        triples.Add((distortion - (0.01 * Math.Min(a.Count + b.Count + c.Count, 15)), a, b, c));
                    }
                }
            }
        }
        return [.. triples.OrderBy(t => t.Distortion).Take(max).Select(t => Order(t.A, t.B, t.C))];
    }

    private static double Squared(FinderPattern a, FinderPattern b) =>
        ((double)(a.X - b.X) * (a.X - b.X)) + ((double)(a.Y - b.Y) * (a.Y - b.Y));

    private static (Point BottomLeft, Point TopLeft, Point TopRight, float ModuleSize) Order(FinderPattern p0, FinderPattern p1, FinderPattern p2)
    {
        var d01 = Point.Distance(p0.Center, p1.Center);
        var d12 = Point.Distance(p1.Center, p2.Center);
        var d02 = Point.Distance(p0.Center, p2.Center);
        // The top-left pattern is opposite the longest side.
        var (a, b, c) = d12 >= d01 && d12 >= d02 ? (p1, p0, p2) : d02 >= d12 && d02 >= d01 ? (p0, p1, p2) : (p0, p2, p1);
        var cross = ((c.X - b.X) * (a.Y - b.Y)) - ((c.Y - b.Y) * (a.X - b.X));
        if (cross < 0)
        {
            (a, c) = (c, a);
        }
        return (a.Center, b.Center, c.Center, (a.ModuleSize + b.ModuleSize + c.ModuleSize) / 3f);
    }
}

namespace CitizenHelper.Staff;

/// <summary>One line of a diff: kept (' '), added ('+') or removed ('-').</summary>
public sealed record DiffLine(char Kind, string Text);

// The line diff staff and administrators review a draft by.
public sealed partial class KnowledgeDrafting
{
    /// <summary>
    /// Only the changed lines and <paramref name="context"/> unchanged lines around each change; each longer run of
    /// unchanged lines is one gap line (kind '…'), so a reviewer reads the change, not the whole document.
    /// </summary>
    public static IReadOnlyList<DiffLine> Changes(IReadOnlyList<DiffLine> diff, int context = 3)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var keep = new bool[diff.Count];
        for (var i = 0; i < diff.Count; i++)
        {
            if (diff[i].Kind != ' ')
            {
                for (var j = Math.Max(0, i - context); j <= Math.Min(diff.Count - 1, i + context); j++)
                {
                    keep[j] = true;
                }
            }
        }
        var lines = new List<DiffLine>();
        for (var i = 0; i < diff.Count; i++)
        {
            if (keep[i])
            {
                lines.Add(diff[i]);
            }
            else if (i == 0 || keep[i - 1])
            {
                var skipped = 0;
                while (i + skipped < diff.Count && !keep[i + skipped])
                {
                    skipped++;
                }
                lines.Add(new DiffLine('…', $"({skipped} dòng không đổi · unchanged lines)"));
            }
        }
        return lines;
    }

    /// <summary>A line diff (longest common subsequence), for the reviewer.</summary>
    public static IReadOnlyList<DiffLine> Diff(string before, string after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var a = before.Length == 0 ? [] : before.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        var b = after.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        if (a.Length > MaxDiffLines || b.Length > MaxDiffLines)
        {
            return [.. a.Select(l => new DiffLine('-', l)), .. b.Select(l => new DiffLine('+', l))];
        }
        var common = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }
        var lines = new List<DiffLine>();
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y])
            {
                lines.Add(new DiffLine(' ', a[x++]));
                y++;
            }
            else if (common[x + 1, y] >= common[x, y + 1])
            {
                lines.Add(new DiffLine('-', a[x++]));
            }
            else
            {
                lines.Add(new DiffLine('+', b[y++]));
            }
        }
        lines.AddRange(a.Skip(x).Select(l => new DiffLine('-', l)));
        lines.AddRange(b.Skip(y).Select(l => new DiffLine('+', l)));
        return lines;
    }
}

using System.Globalization;

namespace CitizenHelper.Storage;

/// <summary>
/// When a center's staff are at work, in Vietnam time: "Mon-Fri 07:30-11:30 13:30-17:00; Sat 07:30-11:30" (days
/// Mon…Sun, a range or one day, then one or more HH:mm-HH:mm periods; groups separated by ';').
/// </summary>
public sealed class WorkingHours
{
    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    private readonly List<(DayOfWeek Day, TimeOnly From, TimeOnly To)> _periods = [];

    private WorkingHours()
    {
    }

    /// <summary>The hours written in <paramref name="text"/>, or why they cannot be read.</summary>
    public static (WorkingHours? Hours, string? Problem) Parse(string? text)
    {
        var hours = new WorkingHours();
        foreach (var group in (text ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = group.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var days = parts[0].Split('-');
            var first = Array.IndexOf(DayNames, days[0]);
            var last = days.Length == 2 ? Array.IndexOf(DayNames, days[1]) : first;
            if (days.Length > 2 || first < 0 || last < 0 || parts.Length < 2)
            {
                return (null, $"'{group}' must be days (Mon-Fri, or Sat) then periods (07:30-11:30).");
            }
            foreach (var period in parts.Skip(1))
            {
                var times = period.Split('-');
                if (times.Length != 2
                    || !TimeOnly.TryParseExact(times[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
                    || !TimeOnly.TryParseExact(times[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
                    || to <= from)
                {
                    return (null, $"'{period}' must be a period like 07:30-11:30.");
                }
                for (var day = first; ; day = (day + 1) % 7)
                {
                    hours._periods.Add(((DayOfWeek)day, from, to));
                    if (day == last)
                    {
                        break;
                    }
                }
            }
        }
        return hours._periods.Count == 0 ? (null, "No working hours are written.") : (hours, null);
    }

    /// <summary>Hours as written, read the Vietnamese way too: "T2–T6 07:30–11:30, 13:30–17:00; T7 07:30–11:30".</summary>
    public static string InVietnamese(string text)
    {
        string[] names = ["CN", "T2", "T3", "T4", "T5", "T6", "T7"];
        return string.Join("; ", (text ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(group =>
        {
            var parts = group.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var days = string.Join('–', parts[0].Split('-').Select(d => Array.IndexOf(DayNames, d) is var i and >= 0 ? names[i] : d));
            return $"{days} {string.Join(", ", parts.Skip(1).Select(p => p.Replace('-', '–')))}";
        }));
    }

    /// <summary>Null while staff are at work at <paramref name="now"/>; else when they are next, in Vietnam time.</summary>
    public DateTimeOffset? BackAt(DateTimeOffset now)
    {
        var local = VietnamTime.ToVietnam(now);
        for (var offset = 0; offset <= 7; offset++)
        {
            var date = DateOnly.FromDateTime(local.DateTime).AddDays(offset);
            foreach (var (_, from, to) in _periods.Where(p => p.Day == date.DayOfWeek).OrderBy(p => p.From))
            {
                var start = new DateTimeOffset(date.ToDateTime(from), local.Offset);
                var end = new DateTimeOffset(date.ToDateTime(to), local.Offset);
                if (local >= start && local < end)
                {
                    return null;
                }
                if (start > local)
                {
                    return start;
                }
            }
        }
        return null;
    }
}

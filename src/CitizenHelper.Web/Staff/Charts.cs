using System.Globalization;
using System.Text;
using CitizenHelper.Storage;
using static CitizenHelper.Web.Staff.Html;

namespace CitizenHelper.Web.Staff;

/// <summary>Small server-rendered SVG charts: no script, readable at a glance, with the numbers written on them.</summary>
public static class Charts
{
    private const string Answered = "#2e7d32";
    private const string Clarify = "#f9a825";
    private const string Escalated = "#c62828";
    private const string Other = "#90a4ae";

    private const string Refused = "#6d4c41";

    /// <summary>Questions per day, stacked by outcome.</summary>
    public static string QuestionsPerDay(IReadOnlyList<DayStats> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        return Columns("qpd", "Câu hỏi mỗi ngày · Questions per day",
                [.. days.Select(d => (d.Day, new[] { (d.Answered, Answered), (d.Clarify, Clarify), (d.Escalated, Escalated), (d.Refused, Refused), (d.SmallTalk, Other) }))])
            + Legend([("Trả lời được · Answered", Answered), ("Hỏi lại · Clarify", Clarify), ("Chuyển cán bộ · Escalated", Escalated), ("Từ chối có chủ đích · Refused on purpose", Refused), ("Chào hỏi · Small talk", Other)]);
    }

    /// <summary>Escalations per day.</summary>
    public static string EscalationsPerDay(IReadOnlyList<DayCount> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        return Columns("epd", "Chuyển cán bộ mỗi ngày · Escalations per day", [.. days.Select(d => (d.Day, new[] { (d.Count, Escalated) }))]);
    }

    /// <summary>One column per day, its parts stacked, the total written on top.</summary>
    private static string Columns(string id, string title, IReadOnlyList<(DateOnly Day, (int Count, string Colour)[] Parts)> days)
    {
        const int width = 640, height = 220, left = 36, bottom = 24, top = 10;
        var max = Math.Max(1, days.Count == 0 ? 1 : days.Max(d => d.Parts.Sum(p => p.Count)));
        var slot = (width - left) / (double)Math.Max(1, days.Count);
        var scale = (height - bottom - top) / (double)max;
        var svg = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"<svg viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}\"><title id=\"{id}\">{E(title)}</title>"));
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{top + 10}\" font-size=\"11\">{max}</text><text x=\"0\" y=\"{height - bottom}\" font-size=\"11\">0</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width}\" y2=\"{height - bottom}\" stroke=\"#999\"/>");
        for (var i = 0; i < days.Count; i++)
        {
            var (day, parts) = days[i];
            var x = left + (i * slot) + 1;
            var y = (double)(height - bottom);
            foreach (var (count, colour) in parts)
            {
                if (count == 0)
                {
                    continue;
                }
                var h = count * scale;
                y -= h;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{Math.Max(1, slot - 2):0.#}\" height=\"{h:0.#}\" fill=\"{colour}\"><title>{day:yyyy-MM-dd}: {count}</title></rect>");
            }
            var total = parts.Sum(p => p.Count);
            if (total > 0 && slot >= 14)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (slot / 2) - 1:0.#}\" y=\"{y - 2:0.#}\" font-size=\"10\" text-anchor=\"middle\">{total}</text>");
            }
        }
        if (days.Count > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{height - 6}\" font-size=\"11\">{days[0].Day:dd/MM}</text><text x=\"{width}\" y=\"{height - 6}\" font-size=\"11\" text-anchor=\"end\">{days[^1].Day:dd/MM}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>One horizontal bar per label, largest first, with its count.</summary>
    public static string Bars(string title, IEnumerable<(string Label, int Count)> values, string colour = "#0b4f8a")
    {
        var rows = values.OrderByDescending(v => v.Count).ThenBy(v => v.Label, StringComparer.Ordinal).Take(15).ToList();
        return StackedRows(title, rows.Select(r => (r.Label, new[] { (r.Count, colour) })).ToList());
    }

    /// <summary>Helpful and not helpful per procedure, side by side in one bar.</summary>
    public static string Ratings(IReadOnlyList<RatingStats> ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var rows = ratings.OrderByDescending(r => r.Helpful + r.NotHelpful).Take(15)
            .Select(r => (r.ProcedureCode ?? "—", new[] { (r.Helpful, Answered), (r.NotHelpful, Escalated) })).ToList();
        return StackedRows("Đánh giá theo thủ tục · Ratings per procedure", rows)
            + Legend([("Hữu ích · Helpful", Answered), ("Không hữu ích · Not helpful", Escalated)]);
    }

    private static string StackedRows(string title, IReadOnlyList<(string Label, (int Count, string Colour)[] Parts)> rows)
    {
        const int width = 480, row = 22, labelWidth = 190;
        var height = Math.Max(1, rows.Count) * row + 4;
        var max = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.Parts.Sum(p => p.Count)));
        var scale = (width - labelWidth - 40) / (double)max;
        var svg = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\"><title>{E(title)}</title>"));
        if (rows.Count == 0)
        {
            svg.Append("<text x=\"0\" y=\"15\" font-size=\"12\">Chưa có số liệu · No data yet</text>");
        }
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, parts) = rows[i];
            var y = i * row;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 15}\" font-size=\"12\">{E(label.Length > 28 ? label[..28] + "…" : label)}</text>");
            var x = (double)labelWidth;
            foreach (var (count, colour) in parts)
            {
                var w = count * scale;
                if (count > 0)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y + 3}\" width=\"{w:0.#}\" height=\"{row - 6}\" fill=\"{colour}\"><title>{E(label)}: {count}</title></rect>");
                }
                x += w;
            }
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 4:0.#}\" y=\"{y + 15}\" font-size=\"12\">{string.Join(" / ", parts.Select(p => p.Count))}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    private static string Legend(IEnumerable<(string Label, string Colour)> items) =>
        "<p class=\"legend\">" + string.Join(" ", items.Select(i => $"<svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\" fill=\"{i.Colour}\"/></svg> {E(i.Label)}")) + "</p>";
}

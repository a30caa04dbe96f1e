using System.Globalization;
using System.Text;
using CitizenHelper.Answering;
using CitizenHelper.Knowledge;
using CitizenHelper.Qr.Posters;
using static CitizenHelper.Web.Staff.Html;

namespace CitizenHelper.Web.Staff;

/// <summary>
/// Posters for procedure boards (staff only): one procedure per A4 page, a whole-board sheet for a center, and the
/// QR code alone as PNG or SVG. Each code opens the assistant on its procedure in guided mode.
/// </summary>
public static class PosterPages
{
    public static RouteGroupBuilder MapPosterPages(this RouteGroupBuilder staff)
    {
        ArgumentNullException.ThrowIfNull(staff);
        staff.MapGet("/posters", Index);
        staff.MapGet("/posters/board", Board);
        staff.MapGet("/posters/{code}", Poster);
        staff.MapGet("/posters/{code}/qr.png", Png);
        staff.MapGet("/posters/{code}/qr.svg", Svg);
        return staff;
    }

    public static IResult Index(HttpContext context, KnowledgeProvider knowledge)
    {
        var current = knowledge.Current.Base;
        var body = new StringBuilder();
        var units = current.Units.Select(u => (u.Code ?? u.Name, u.CenterName ?? $"{u.Name}, {u.Province}"));
        body.Append(CultureInfo.InvariantCulture, $"""
            <form method="get" action="/staff/posters/board" class="filters">
            {Select("center", "Trung tâm · Center", null, units)}
            <button type="submit">Tờ cả bảng · Whole-board sheet</button>
            </form>
            <table><thead><tr><th>Mã · Code</th><th>Thủ tục · Procedure</th><th>Tải về · Download</th></tr></thead><tbody>
            """);
        foreach (var code in Codes(current))
        {
            var title = current.Find(code, "vi")?.Title ?? code;
            body.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(code)}</td><td><a href=\"/staff/posters/{E(code)}\">{E(title)}</a></td><td><a href=\"/staff/posters/{E(code)}/qr.png\">PNG</a> · <a href=\"/staff/posters/{E(code)}/qr.svg\">SVG</a></td></tr>");
        }
        body.Append("</tbody></table>");
        return Page(context, "Áp phích bảng niêm yết · Board posters", body.ToString());
    }

    /// <summary>One procedure on one A4 page.</summary>
    public static IResult Poster(HttpContext context, string code, KnowledgeProvider knowledge, PosterCodes posters)
    {
        var current = knowledge.Current.Base;
        if (current.Find(code, "vi") is not { } procedure)
        {
            return Error(context, StatusCodes.Status404NotFound, $"Không có thủ tục mã {code}. · There is no procedure {code}.", "/staff/posters");
        }
        var body = $"""
            <article class="page">
            {Tile(procedure, current.Find(code, "en"), posters, large: true)}
            <p class="hint">In trang này (Ctrl+P), khổ A4 · Print this page (Ctrl+P), A4 ·
            <a href="/staff/posters/{E(code)}/qr.png">PNG</a> · <a href="/staff/posters/{E(code)}/qr.svg">SVG</a> · <a href="/staff/posters">Tất cả · All posters</a></p>
            </article>
            """;
        return Printable(context, procedure.Title, body);
    }

    /// <summary>Every procedure of the knowledge base on A4 sheets, twelve to a page, headed by the center's name.</summary>
    public static IResult Board(HttpContext context, string? center, KnowledgeProvider knowledge, PosterCodes posters)
    {
        var current = knowledge.Current.Base;
        var unit = center is { Length: > 0 } ? current.Units.FirstOrDefault(u => u.Code == center || u.Name == center) : null;
        if (center is { Length: > 0 } && unit is null)
        {
            return Error(context, StatusCodes.Status404NotFound, $"Không có trung tâm \"{center}\". · There is no center \"{center}\".", "/staff/posters");
        }
        var heading = unit is null ? "Trung tâm Phục vụ hành chính công · Public Administration Service Center" : unit.CenterName ?? $"{unit.Name}, {unit.Province}";
        var body = new StringBuilder();
        foreach (var page in Codes(current).Chunk(12))
        {
            body.Append(CultureInfo.InvariantCulture, $"<section class=\"page board\"><h1>{E(heading)}</h1><p class=\"scan\">Quét mã để hỏi trợ lý · Scan to ask the assistant</p><div class=\"grid\">");
            foreach (var code in page)
            {
                body.Append(Tile(current.Find(code, "vi")!, current.Find(code, "en"), posters, large: false));
            }
            body.Append("</div></section>");
        }
        body.Append("<p class=\"hint\">In trang này (Ctrl+P), khổ A4 · Print this page (Ctrl+P), A4 · <a href=\"/staff/posters\">Tất cả · All posters</a></p>");
        return Printable(context, heading, body.ToString());
    }

    public static IResult Png(string code, KnowledgeProvider knowledge, PosterCodes posters) =>
        knowledge.Current.Base.Find(code, "vi") is null
            ? TypedResults.NotFound()
            : TypedResults.File(posters.Png(code), "image/png", $"qr-{code}.png");

    public static IResult Svg(string code, KnowledgeProvider knowledge, PosterCodes posters) =>
        knowledge.Current.Base.Find(code, "vi") is null
            ? TypedResults.NotFound()
            : TypedResults.File(Encoding.UTF8.GetBytes(posters.Svg(code)), "image/svg+xml", $"qr-{code}.svg");

    private static IEnumerable<string> Codes(KnowledgeBase knowledge) => knowledge.Procedures.Select(p => p.Code).Distinct().Order(StringComparer.Ordinal);

    private static string Tile(Procedure vietnamese, Procedure? english, PosterCodes posters, bool large)
    {
        var englishTitle = english is not null && english.Language == "en" ? $"<p class=\"en\">{E(english.Title)}</p>" : "";
        var scan = large ? "<p class=\"scan\">Quét mã để hỏi trợ lý<br><span class=\"en\">Scan to ask the assistant</span></p>" : "";
        // The SVG is generated here from the code alone (no citizen input); it is markup, so the page's CSP allows it.
        return $"""
            <div class="{(large ? "poster" : "tile")}">
            <h2>{E(vietnamese.Title)}</h2>
            {englishTitle}
            <p class="code">Mã thủ tục · Procedure code <strong>{E(vietnamese.Code)}</strong></p>
            {scan}
            <div class="qr" data-code="{E(vietnamese.Code)}">{posters.Svg(vietnamese.Code)}</div>
            <p class="url">{E(posters.ShortUrl(vietnamese.Code))}</p>
            </div>
            """;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Printable(HttpContext context, string title, string body) => Document(context, title, "/poster.css", body);
}

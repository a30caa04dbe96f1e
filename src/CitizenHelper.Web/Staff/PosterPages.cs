using System.Text;
using CitizenHelper.Answering;
using CitizenHelper.Knowledge;
using CitizenHelper.Qr.Posters;
using CitizenHelper.Web.Staff.Components;

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

    public static IResult Index(HttpContext context) => ConsoleView.Page<PostersPage>(context);

    /// <summary>One procedure's poster, for A4.</summary>
    public static IResult Poster(HttpContext context, string code, KnowledgeProvider knowledge)
    {
        var current = knowledge.Current.Base;
        if (current.Find(code, "vi") is not { } procedure)
        {
            return ConsoleView.Error(context, StatusCodes.Status404NotFound, $"Không có thủ tục mã {code}. · There is no procedure {code}.", "/staff/posters");
        }
        return ConsoleView.Page<PosterPage>(context, new { Vietnamese = procedure, English = current.Find(code, "en") });
    }

    /// <summary>The whole board's sheet for a center (or any center): twelve procedures a page.</summary>
    public static IResult Board(HttpContext context, string? center, KnowledgeProvider knowledge)
    {
        var current = knowledge.Current.Base;
        var unit = center is { Length: > 0 } ? current.Units.FirstOrDefault(u => u.Code == center || u.Name == center) : null;
        if (center is { Length: > 0 } && unit is null)
        {
            return ConsoleView.Error(context, StatusCodes.Status404NotFound, $"Không có trung tâm \"{center}\". · There is no center \"{center}\".", "/staff/posters");
        }
        var heading = unit is null ? "Trung tâm Phục vụ hành chính công · Public Administration Service Center" : unit.CenterName ?? $"{unit.Name}, {unit.Province}";
        return ConsoleView.Page<BoardPage>(context, new { Heading = heading });
    }

    public static IResult Png(string code, KnowledgeProvider knowledge, PosterCodes posters) =>
        knowledge.Current.Base.Find(code, "vi") is null
            ? TypedResults.NotFound()
            : TypedResults.File(posters.Png(code), "image/png", $"qr-{code}.png");

    public static IResult Svg(string code, KnowledgeProvider knowledge, PosterCodes posters) =>
        knowledge.Current.Base.Find(code, "vi") is null
            ? TypedResults.NotFound()
            : TypedResults.File(Encoding.UTF8.GetBytes(posters.Svg(code)), "image/svg+xml", $"qr-{code}.svg");

    public static IEnumerable<string> Codes(KnowledgeBase knowledge) => knowledge.Procedures.Select(p => p.Code).Distinct().Order(StringComparer.Ordinal);
}

using System.Net;
using System.Text;
using CitizenHelper.Answering;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Web.Staff;

/// <summary>
/// Centers as staff pages and the API name them: by unit code (the key escalations, accounts and guides store), shown
/// with name and province, since "Xã Tân Phú" alone is a dozen places.
/// </summary>
public static class StaffCenters
{
    /// <summary>Every center: those staff keep a row for in centers/*.csv first, then by province and name.</summary>
    public static IEnumerable<AdministrativeUnit> All(KnowledgeProvider knowledge) =>
        knowledge is null ? [] : knowledge.Current.Base.Units
            .OrderBy(u => IsStaffed(u) ? 0 : 1).ThenBy(u => u.Province, StringComparer.Ordinal).ThenBy(u => u.Name, StringComparer.Ordinal);

    /// <summary>
    /// The key of a center a form or a client sent: a code, or — as before centers were keyed by code — a name only
    /// one unit has. Null when it names none.
    /// </summary>
    public static string? KeyOf(KnowledgeProvider knowledge, string? value) =>
        knowledge?.Current.Base.UnitDirectory.Resolve(value)?.Key;

    /// <summary>"Xã Cư Jút, Tỉnh Lâm Đồng (24640)"; the key itself when no unit has it any more.</summary>
    public static string Label(KnowledgeProvider knowledge, string? key) =>
        key is null ? "—" : knowledge?.Current.Base.UnitDirectory.Resolve(key)?.Label ?? key;

    /// <summary>
    /// Checkboxes named "centers": the staffed centers and those already chosen in the open, the rest folded by
    /// province (3,321 units would otherwise be one very long page).
    /// </summary>
    public static string Boxes(KnowledgeProvider knowledge, IReadOnlySet<string> chosen)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        static string Box(AdministrativeUnit u, bool on) =>
            $"<label><input type=\"checkbox\" name=\"centers\" value=\"{WebUtility.HtmlEncode(u.Key)}\"{(on ? " checked" : "")}> {WebUtility.HtmlEncode(u.Label)}</label> ";
        var all = All(knowledge).ToList();
        var html = new StringBuilder();
        foreach (var unit in all.Where(u => IsStaffed(u) || chosen.Contains(u.Key)))
        {
            html.Append(Box(unit, chosen.Contains(unit.Key)));
        }
        foreach (var province in all.Where(u => !IsStaffed(u) && !chosen.Contains(u.Key)).GroupBy(u => u.Province))
        {
            html.Append("<details><summary>").Append(WebUtility.HtmlEncode(province.Key)).Append("</summary>");
            foreach (var unit in province)
            {
                html.Append(Box(unit, false));
            }
            html.Append("</details>");
        }
        return html.ToString();
    }

    private static bool IsStaffed(AdministrativeUnit unit) => unit.SourcePath.StartsWith(Knowledge.KnowledgeLoader.CentersFolder + "/", StringComparison.Ordinal);
}

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

    /// <summary>A center staff keep a row for in centers/*.csv.</summary>
    public static bool IsStaffed(AdministrativeUnit unit) => unit.SourcePath.StartsWith(Knowledge.KnowledgeLoader.CentersFolder + "/", StringComparison.Ordinal);
}

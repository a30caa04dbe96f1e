using System.Globalization;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Answering.Understanding;

/// <summary>Turns what a name may mean into one unit, or the buttons of the question that settles it.</summary>
internal static class UnitChoices
{
    /// <summary>More places than this are offered by province first; the province's button then narrows by district.</summary>
    private const int MaxOptions = 10;

    private const int MaxProvinces = 10;

    public static UnitLookup? Decide(List<UnitCandidate> candidates, string language)
    {
        if (candidates.Count == 0)
        {
            return null;
        }
        var en = language == "en";
        var groups = candidates.GroupBy(c => string.Join(",", c.Targets.Select(t => t.Key).Order(StringComparer.Ordinal)), StringComparer.Ordinal).ToList();
        if (groups.Count == 1)
        {
            var first = candidates.FirstOrDefault(c => c.Unit is not null) ?? candidates[0];
            if (first.Targets.Length == 1)
            {
                var unit = first.Targets[0];
                var former = first.Unit is null ? first.Former : null;
                return new UnitFound(new UnitMention(unit, former is not null && former.Name != unit.Name ? former.Name : null, former));
            }
            // Divided in 2025: which part the citizen lives in decides, and only they know it.
            return new UnitChoice(first.Former!.Name, first.Former, Divided: true, [.. first.Targets.Select(t => Current(t, en))], first.Targets.Length);
        }
        var name = candidates[0].Former?.Name ?? candidates[0].Unit!.Name;
        // The province running this service lists its own centers: a name it shares with places elsewhere means its own,
        // most likely, and the others are offered beside the answer rather than asked about first.
        var ours = groups.Where(g => g.First().Targets.All(IsStaffed)).ToList();
        if (ours is [var own] && own.First().Targets.Length == 1 && Decide([.. own], language) is UnitFound found)
        {
            var elsewhere = candidates.Except(own).Take(MaxOptions).Select(c => c.Unit is { } u ? Current(u, en) : Former(c.Former!, en)).ToList();
            return found with { Elsewhere = elsewhere };
        }
        if (candidates.Count <= MaxOptions)
        {
            return new UnitChoice(name, null, Divided: false, [.. candidates.Select(c => c.Unit is { } u ? Current(u, en) : Former(c.Former!, en))], candidates.Count);
        }
        var byProvince = candidates.GroupBy(c => c.Former?.Province ?? c.Unit!.Province, StringComparer.Ordinal).Take(MaxProvinces)
            .Select(g => new UnitOption(
                g.Count() > 1 ? string.Create(CultureInfo.InvariantCulture, $"{name} — {g.Key} ({g.Count()})") : $"{name} — {g.Key}",
                Reply(name, g.All(c => c.Former is not null), en, g.Key)));
        return new UnitChoice(name, null, Divided: false, [.. byProvince], candidates.Count);
    }

    private static bool IsStaffed(AdministrativeUnit unit) => unit.SourcePath.StartsWith(KnowledgeLoader.CentersFolder + "/", StringComparison.Ordinal);

    private static UnitOption Current(AdministrativeUnit unit, bool en) =>
        new($"{unit.Name} ({unit.Province})", Reply(unit.Name, former: false, en, unit.Province));

    private static UnitOption Former(FormerUnit former, bool en) =>
        new($"{former.Name} ({former.District}, {former.Province})", Reply(former.Name, former: true, en, former.District, former.Province));

    /// <summary>What the button sends: the name with its type, province and district, so it settles the question on its own.</summary>
    private static string Reply(string name, bool former, bool en, params string[] places) =>
        en ? $"{(former ? "former " : "")}{name}, {string.Join(", ", places)}" : $"{name}{(former ? " cũ" : "")}, {string.Join(", ", places)}";
}

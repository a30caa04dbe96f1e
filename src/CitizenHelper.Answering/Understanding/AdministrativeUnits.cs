using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Answering.Understanding;

/// <summary>A commune or ward named in a question, and the old (pre-July-2025) name it was named by, if any.</summary>
public sealed record UnitMention(AdministrativeUnit Unit, string? FormerName);

/// <summary>Finds communes and wards in a question, by their current name or by the name of a unit merged into them.</summary>
public static class AdministrativeUnits
{
    private static readonly string[] TypeWords = ["xa", "phuong", "thi tran", "dac khu", "commune", "ward", "town"];

    public static UnitMention? Find(string text, IReadOnlyList<AdministrativeUnit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        if (units.Count == 0)
        {
            return null;
        }
        var folded = $" {VietnameseText.Fold(text)} ";
        UnitMention? best = null;
        var bestLength = 0;
        foreach (var unit in units)
        {
            foreach (var (name, former) in unit.MergedFrom.Select(m => (m, (string?)m)).Prepend((unit.Name, null)))
            {
                var core = Core(name);
                if (core.Length > bestLength && folded.Contains($" {core} ", StringComparison.Ordinal))
                {
                    best = new UnitMention(unit, former);
                    bestLength = core.Length;
                }
            }
        }
        return best;
    }

    /// <summary>The distinctive part of a unit's name: folded, without "xã", "phường", "thị trấn".</summary>
    private static string Core(string name)
    {
        var folded = VietnameseText.Fold(name);
        foreach (var type in TypeWords)
        {
            if (folded.StartsWith(type + " ", StringComparison.Ordinal))
            {
                return folded[(type.Length + 1)..];
            }
        }
        return folded;
    }
}

using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Answering.Understanding;

/// <summary>Finds the province a citizen names: a province by name ("Lạng Sơn", "lang son"), or a commune of ours and so its province.</summary>
public static class Provinces
{
    public static string? Find(string text, KnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        var folded = $" {VietnameseText.Fold(text)} ";
        string? best = null;
        foreach (var province in knowledge.Provinces)
        {
            var name = VietnameseText.Fold(province);
            if (name.Length > (best?.Length ?? 0) && folded.Contains($" {name} ", StringComparison.Ordinal))
            {
                best = province;
            }
        }
        return best ?? AdministrativeUnits.Find(text, knowledge)?.Unit.Province;
    }
}

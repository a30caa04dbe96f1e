using CitizenHelper.Answering;
using CitizenHelper.Storage;

namespace CitizenHelper.Web.Staff;

/// <summary>A center's working hours as the queue shows them, and when its staff are back if they are away now.</summary>
/// <param name="Center">The center's key; null for the default hours of centers without their own.</param>
public sealed record CenterHours(string? Center, string Label, string Hours, DateTimeOffset? BackAt)
{
    /// <summary>
    /// The hours of the member's centers (an administrator: every center with hours of its own, then the default);
    /// empty when no hours are set, as then staff are taken to be always there.
    /// </summary>
    public static IReadOnlyList<CenterHours> For(StaffScope scope, StaffOptions options, KnowledgeProvider knowledge, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(options);
        if (options.WorkingHours.Count == 0)
        {
            return [];
        }
        IEnumerable<string?> centers = scope.IsAdmin
            ? [.. options.WorkingHours.Keys.Where(k => k != StaffOptions.DefaultHours).Order(StringComparer.Ordinal), null]
            : scope.Centers.Order(StringComparer.Ordinal);
        return [.. centers
            .Select(c => (Center: c, Text: c is null ? options.WorkingHours.GetValueOrDefault(StaffOptions.DefaultHours) : options.HoursOf(c)))
            .Where(c => c.Text is not null)
            .Select(c => new CenterHours(
                c.Center, c.Center is null ? "Các Trung tâm khác · Other centers" : StaffCenters.Label(knowledge, c.Center),
                WorkingHours.InVietnamese(c.Text!), WorkingHours.Parse(c.Text).Hours?.BackAt(now)))];
    }
}

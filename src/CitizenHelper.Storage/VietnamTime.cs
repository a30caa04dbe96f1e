using System.Globalization;

namespace CitizenHelper.Storage;

/// <summary>Times as a clerk reads them: Vietnam's clock (Asia/Ho_Chi_Minh, UTC+7 all year), dd/MM/yyyy HH:mm.</summary>
public static class VietnamTime
{
    public static readonly TimeZoneInfo Zone = FindZone();

    public static DateTimeOffset ToVietnam(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    public static string Format(DateTimeOffset? at) =>
        at is { } value ? ToVietnam(value).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) : "";

    /// <summary>Today's date in Vietnam by the given clock.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ToVietnam((clock ?? TimeProvider.System).GetUtcNow()).DateTime);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");
        }
        catch (TimeZoneNotFoundException)
        {
            // A host without time-zone data: Vietnam has kept UTC+7, without daylight saving, since 1975.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Ho_Chi_Minh", TimeSpan.FromHours(7), "Giờ Việt Nam", "Giờ Việt Nam");
        }
    }
}

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
    public static DateOnly Today(TimeProvider clock) => DateOf((clock ?? TimeProvider.System).GetUtcNow());

    /// <summary>The date in Vietnam at <paramref name="at"/>: 23:30 UTC is already the next morning there.</summary>
    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(ToVietnam(at).DateTime);

    /// <summary>The Monday of the week (Monday to Sunday, Vietnam time, as ISO 8601 counts weeks) that holds <paramref name="at"/>.</summary>
    public static DateOnly WeekOf(DateTimeOffset at)
    {
        var day = DateOf(at);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    /// <summary>The instant a day starts in Vietnam (00:00 there), in UTC.</summary>
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

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

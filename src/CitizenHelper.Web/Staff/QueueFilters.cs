using System.Globalization;
using CitizenHelper.Storage;

namespace CitizenHelper.Web.Staff;

/// <summary>The queue's filters from a query string, shared by the console page and GET /api/staff/escalations.</summary>
public static class QueueFilters
{
    public const int MaxPageSize = 200;
    private const int MaxTextLength = 200;

    /// <summary>
    /// <c>status, reason, procedure, language (or lang), center, from, to (yyyy-MM-dd), q, skip, take</c>.
    /// Returns the query, or a message naming the filter that is wrong.
    /// </summary>
    public static (EscalationQuery? Query, string? Error) Parse(IQueryCollection values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var filters = new QueryFilterReader(values);
        if (filters.TooLong(MaxTextLength, "status", "reason", "procedure", "language", "lang", "center", "from", "to", "q", "skip", "take") is { } tooLong)
        {
            return (null, tooLong);
        }
        if (filters.Choice<EscalationStatus>("status", $"one of {string.Join(", ", Enum.GetNames<EscalationStatus>())}", out var status) is { } badStatus)
        {
            return (null, badStatus);
        }
        var reason = filters.Text("reason");
        if (reason is not null && !CitizenHelper.Web.Staff.Components.ConsoleText.Reasons.Contains(reason, StringComparer.Ordinal))
        {
            return (null, $"Unknown reason '{reason}'; use one of {string.Join(", ", CitizenHelper.Web.Staff.Components.ConsoleText.Reasons)}.");
        }
        var language = filters.Text("language") ?? filters.Text("lang");
        if (language is not (null or "vi" or "en"))
        {
            return (null, "The language filter must be 'vi' or 'en'.");
        }
        if (filters.Dates(out var from, out var to) is { } badDate)
        {
            return (null, badDate);
        }
        if (!TryNumber(filters.Text("skip"), 0, int.MaxValue, 0, out var skip) || !TryNumber(filters.Text("take"), 1, MaxPageSize, 50, out var take))
        {
            return (null, $"'skip' must be 0 or more and 'take' between 1 and {MaxPageSize}.");
        }
        return (new EscalationQuery
        {
            Status = status,
            Reason = reason,
            Procedure = filters.Text("procedure"),
            Language = language,
            Center = filters.Text("center"),
            From = from,
            To = to,
            Search = filters.Text("q"),
            Skip = skip,
            Take = take,
        }, null);
    }

    private static bool TryNumber(string? text, int min, int max, int fallback, out int value)
    {
        value = fallback;
        return text is null || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max);
    }
}

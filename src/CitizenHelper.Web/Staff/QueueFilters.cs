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
        string? Text(string name) => values[name].ToString().Trim() is { Length: > 0 } value ? value : null;
        foreach (var name in new[] { "status", "reason", "procedure", "language", "lang", "center", "from", "to", "q", "skip", "take" })
        {
            if (values[name].ToString().Length > MaxTextLength)
            {
                return (null, $"The filter '{name}' is longer than {MaxTextLength} characters.");
            }
        }
        EscalationStatus? status = null;
        if (Text("status") is { } statusText)
        {
            if (!Enum.TryParse<EscalationStatus>(statusText, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return (null, $"Unknown status '{statusText}'; use one of {string.Join(", ", Enum.GetNames<EscalationStatus>())}.");
            }
            status = parsed;
        }
        var reason = Text("reason");
        if (reason is not null && !Html.Reasons.Contains(reason, StringComparer.Ordinal))
        {
            return (null, $"Unknown reason '{reason}'; use one of {string.Join(", ", Html.Reasons)}.");
        }
        var language = Text("language") ?? Text("lang");
        if (language is not (null or "vi" or "en"))
        {
            return (null, "The language filter must be 'vi' or 'en'.");
        }
        DateOnly? from = null, to = null;
        foreach (var (name, set) in new (string, Action<DateOnly>)[] { ("from", d => from = d), ("to", d => to = d) })
        {
            if (Text(name) is { } dateText)
            {
                if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return (null, $"The '{name}' date must be written yyyy-MM-dd, not '{dateText}'.");
                }
                set(date);
            }
        }
        if (!TryNumber(Text("skip"), 0, int.MaxValue, 0, out var skip) || !TryNumber(Text("take"), 1, MaxPageSize, 50, out var take))
        {
            return (null, $"'skip' must be 0 or more and 'take' between 1 and {MaxPageSize}.");
        }
        return (new EscalationQuery
        {
            Status = status,
            Reason = reason,
            Procedure = Text("procedure"),
            Language = language,
            Center = Text("center"),
            From = from,
            To = to,
            Search = Text("q"),
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

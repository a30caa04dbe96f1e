using System.Globalization;

namespace CitizenHelper.Web.Staff;

/// <summary>
/// Reads a staff list's filters from a query string: trimmed text, a choice of an enum, yyyy-MM-dd dates. Each check
/// answers null, or the message that names the filter that is wrong.
/// </summary>
public sealed class QueryFilterReader(IQueryCollection values)
{
    /// <summary>The filter's value, trimmed; null when it is missing or blank.</summary>
    public string? Text(string name) => values[name].ToString().Trim() is { Length: > 0 } value ? value : null;

    /// <summary>The first of <paramref name="names"/> longer than <paramref name="maxLength"/>, said so.</summary>
    public string? TooLong(int maxLength, params string[] names) =>
        names.FirstOrDefault(name => values[name].ToString().Length > maxLength) is { } name
            ? $"The filter '{name}' is longer than {maxLength} characters."
            : null;

    /// <summary>One of <typeparamref name="T"/>'s names (any case), or null when the filter is not given.</summary>
    public string? Choice<T>(string name, string choices, out T? value) where T : struct, Enum
    {
        value = null;
        if (Text(name) is not { } text)
        {
            return null;
        }
        if (!Enum.TryParse<T>(text, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
        {
            return $"Unknown {name} '{text}'; use {choices}.";
        }
        value = parsed;
        return null;
    }

    /// <summary>The <c>from</c> and <c>to</c> days, each null when not given.</summary>
    public string? Dates(out DateOnly? from, out DateOnly? to)
    {
        var error = Date("from", out from);
        to = null;
        return error ?? Date("to", out to);
    }

    private string? Date(string name, out DateOnly? value)
    {
        value = null;
        if (Text(name) is not { } text)
        {
            return null;
        }
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return $"The '{name}' date must be written yyyy-MM-dd, not '{text}'.";
        }
        value = date;
        return null;
    }
}

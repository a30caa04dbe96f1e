namespace CitizenHelper.Knowledge;

/// <summary>The section ids a procedure document may use (<c>## Heading {#id}</c>).</summary>
public static class SectionIds
{
    public const string Steps = "steps";
    public const string Documents = "documents";
    public const string Fee = "fee";
    public const string Time = "time";
    public const string Where = "where";
    public const string Result = "result";
    public const string Online = "online";
    public const string Notes = "notes";

    public static readonly IReadOnlyList<string> Required = [Steps, Documents, Fee, Time, Where, Result];

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Steps, Documents, Fee, Time, Where, Result, Online, Notes,
    };
}

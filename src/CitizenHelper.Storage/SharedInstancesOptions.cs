namespace CitizenHelper.Storage;

/// <summary>
/// Several instances of the service on one PostgreSQL database (<c>Instances:Shared</c>). Off by default: one
/// instance, SQLite or PostgreSQL, works as it always has.
/// </summary>
public sealed class SharedInstancesOptions
{
    public const string SectionName = "Instances";

    /// <summary>
    /// True when other instances use the same database: activities are ordered per conversation across instances,
    /// streams are woken by PostgreSQL notifications, turns are leased, and keys and rate limits live in the database.
    /// </summary>
    public bool Shared { get; set; }

    /// <summary>How long an instance holds a turn before another may take it (it renews the lease while the turn runs).</summary>
    public int TurnLeaseSeconds { get; set; } = 30;

    public TimeSpan TurnLease => TimeSpan.FromSeconds(TurnLeaseSeconds);

    public IEnumerable<string> Validate(StorageProvider provider)
    {
        if (Shared && provider != StorageProvider.PostgreSql)
        {
            yield return "Instances:Shared needs Storage:Provider PostgreSql: several instances share one PostgreSQL database (SQLite has one writer, on one machine).";
        }
        if (TurnLeaseSeconds is < 2 or > 3600)
        {
            yield return "Instances:TurnLeaseSeconds must be between 2 and 3600.";
        }
    }
}

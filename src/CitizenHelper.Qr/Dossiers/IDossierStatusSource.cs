namespace CitizenHelper.Qr.Dossiers;

/// <summary>
/// Where dossier statuses come from. The default reads sample records loaded into our database from
/// <c>seeds/</c>; a province plugs in its one-stop-shop system by registering its own implementation.
/// </summary>
public interface IDossierStatusSource
{
    /// <summary>The dossier with this receipt code (upper case), or null when there is none.</summary>
    Task<DossierStatus?> FindAsync(string code, CancellationToken cancellationToken);
}

/// <summary>Where a dossier stands, in the one-stop-shop's usual stages.</summary>
public enum DossierState
{
    Received,
    InProgress,

    /// <summary>The center asked for more documents; the dossier waits for them.</summary>
    NeedsSupplement,

    /// <summary>The result is ready to collect.</summary>
    Ready,

    /// <summary>The result was handed over; the dossier is closed.</summary>
    Returned,

    /// <summary>The dossier was refused (the reason is given to the applicant in writing).</summary>
    Rejected,
}

/// <summary>
/// What a citizen may learn from a receipt code alone: the stage, the appointment date and what is missing.
/// It deliberately has no field for the applicant's name, ID number, phone or address.
/// </summary>
public sealed record DossierStatus(string Code, DossierState State)
{
    public string? ProcedureCode { get; init; }
    public DateOnly? ReceivedOn { get; init; }

    /// <summary>The date the result is promised for (ngày hẹn trả kết quả).</summary>
    public DateOnly? AppointmentOn { get; init; }

    /// <summary>Documents or corrections the center is waiting for, as the center wrote them.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];

    /// <summary>The office that holds the dossier.</summary>
    public string? Office { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }
}

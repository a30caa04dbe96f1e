using System.Text.Json;
using System.Text.Json.Serialization;
using CitizenHelper.Qr.Dossiers;
using CitizenHelper.Qr.Payloads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CitizenHelper.Storage;

/// <summary>
/// A dossier's status as the one-stop-shop system reports it. Holds no personal data: no applicant's name, ID
/// number, phone or address, only what a receipt code may reveal to whoever holds the receipt.
/// </summary>
public sealed class DossierRecord
{
    public required string Code { get; set; }
    public string? ProcedureCode { get; set; }
    public DossierState State { get; set; }
    public DateOnly? ReceivedOn { get; set; }
    public DateOnly? AppointmentOn { get; set; }

    /// <summary>What is still needed, one item a line.</summary>
    public string Missing { get; set; } = "";
    public string? Office { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>The default dossier-status source: records in our database, loaded from <c>seeds/dossiers*.json</c>.</summary>
public sealed partial class DossierStore(IDbContextFactory<CitizenHelperDbContext> contexts, ILogger<DossierStore> logger) : IDossierStatusSource
{
    public const string SeedPattern = "dossiers*.json";

    private static readonly JsonSerializerOptions SeedJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    public async Task<DossierStatus?> FindAsync(string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        var key = code.ToUpperInvariant();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var record = await db.Dossiers.AsNoTracking().FirstOrDefaultAsync(d => d.Code == key, cancellationToken).ConfigureAwait(false);
        return record is null ? null : new DossierStatus(record.Code, record.State)
        {
            ProcedureCode = record.ProcedureCode,
            ReceivedOn = record.ReceivedOn,
            AppointmentOn = record.AppointmentOn,
            Missing = record.Missing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Office = record.Office,
            UpdatedAt = record.UpdatedAt,
        };
    }

    /// <summary>
    /// Loads every <c>dossiers*.json</c> of a folder (an array of records), replacing records with the same code.
    /// A record with a malformed code or status is skipped and logged; the rest still load.
    /// </summary>
    public async Task<int> LoadSeedsAsync(string folder, CancellationToken cancellationToken)
    {
        var records = new List<DossierRecord>();
        foreach (var file in Directory.EnumerateFiles(folder, SeedPattern).Order(StringComparer.Ordinal))
        {
            List<DossierSeed>? seeds;
            try
            {
                await using var stream = File.OpenRead(file);
                seeds = await JsonSerializer.DeserializeAsync<List<DossierSeed>>(stream, SeedJson, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                LogBadSeedFile(logger, Path.GetFileName(file), e.Message);
                continue;
            }
            foreach (var (seed, index) in (seeds ?? []).Select((s, i) => (s, i)))
            {
                if (seed.Code is null || !PayloadResolver.IsDossierCode(seed.Code) || seed.Status is null)
                {
                    LogBadSeed(logger, Path.GetFileName(file), index);
                    continue;
                }
                records.Add(new DossierRecord
                {
                    Code = seed.Code.ToUpperInvariant(),
                    ProcedureCode = seed.Procedure,
                    State = seed.Status.Value,
                    ReceivedOn = seed.Received,
                    AppointmentOn = seed.Appointment,
                    Missing = string.Join('\n', seed.Missing ?? []),
                    Office = seed.Office,
                    UpdatedAt = seed.Updated,
                });
            }
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var codes = records.Select(r => r.Code).ToList();
        await db.Dossiers.Where(d => codes.Contains(d.Code)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        db.Dossiers.AddRange(records.DistinctBy(r => r.Code));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return records.Count;
    }

    /// <summary>One record of a seed file; other properties (a name, a phone) are ignored and never stored.</summary>
    private sealed record DossierSeed(
        string? Code, string? Procedure, DossierState? Status, DateOnly? Received, DateOnly? Appointment,
        IReadOnlyList<string>? Missing, string? Office, DateTimeOffset? Updated);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dossier seed file {File} is not valid JSON and was skipped: {Problem}")]
    private static partial void LogBadSeedFile(ILogger logger, string file, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dossier seed {File} record {Index} has no valid code or status and was skipped")]
    private static partial void LogBadSeed(ILogger logger, string file, int index);
}

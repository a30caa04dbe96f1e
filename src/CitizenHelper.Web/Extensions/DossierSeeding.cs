using CitizenHelper.Storage;
using CitizenHelper.Web.Options;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Extensions;

/// <summary>Loads the sample dossier records (<c>Dossiers:SeedPath</c>) into the database at start, after the migrations.</summary>
public sealed partial class DossierSeeding(DossierStore dossiers, IOptions<DossierOptions> options, ILogger<DossierSeeding> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.SeedPath.Length == 0)
        {
            return;
        }
        var loaded = await dossiers.LoadSeedsAsync(options.Value.ResolvedSeedPath, cancellationToken);
        LogLoaded(logger, loaded, options.Value.ResolvedSeedPath);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} sample dossier records from {Folder}")]
    private static partial void LogLoaded(ILogger logger, int count, string folder);
}

using System.Text.Json;
using CitizenHelper.Answering;
using CitizenHelper.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CitizenHelper.Web.Health;

/// <summary>Healthy when the database answers and has every migration applied.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<CitizenHelperDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The database cannot be reached.");
            }
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("Connected; schema up to date.")
                : HealthCheckResult.Unhealthy($"{pending.Count} database migrations are not applied.");
        }
        catch (Exception e) when (e is InvalidOperationException or DbUpdateException or System.Data.Common.DbException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.");
        }
    }
}

/// <summary>Healthy when the knowledge base is loaded with at least one procedure; degraded when some files have problems.</summary>
public sealed class KnowledgeHealthCheck(KnowledgeProvider knowledge) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = knowledge.Current.Base;
        // Records the portal itself published malformed are skipped and listed, but are nothing to mend here.
        var problems = snapshot.Problems.Where(p => !p.InSource).ToList();
        var data = new Dictionary<string, object>
        {
            ["procedures"] = snapshot.Procedures.Count,
            ["helpTopics"] = snapshot.HelpTopics.Count,
            ["glossaryTerms"] = snapshot.Glossaries.Sum(g => g.Terms.Count),
            ["units"] = snapshot.Units.Count,
            ["catalogOnly"] = snapshot.Catalog.Count,
            ["loadedAt"] = snapshot.LoadedAt,
            ["problems"] = problems.Select(p => p.ToString()).ToArray(),
            ["skippedSourceRecords"] = snapshot.Problems.Where(p => p.InSource).Select(p => p.ToString()).ToArray(),
        };
        var result = snapshot.Procedures.Count == 0
            ? HealthCheckResult.Unhealthy("No procedure is loaded from the knowledge base.", data: data)
            : problems.Count > 0
                ? HealthCheckResult.Degraded($"{problems.Count} problems in knowledge files; the last good versions are served.", data: data)
                : HealthCheckResult.Healthy($"{snapshot.Procedures.Count} documents loaded.", data: data);
        return Task.FromResult(result);
    }
}

public static class HealthResponse
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>
    /// Liveness (/healthz/live): 200 while the process serves requests, whatever the database does, so an orchestrator
    /// restarts a hung process but not every instance when the database is away. Readiness is /healthz/ready (every check).
    /// </summary>
    public static HealthCheckOptions Liveness { get; } = new() { Predicate = _ => false };

    /// <summary>200 when healthy or degraded, 503 when not, with each check's status and reason.</summary>
    public static HealthCheckOptions Options { get; } = new()
    {
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
        ResponseWriter = (context, report) =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new
                {
                    status = e.Value.Status.ToString(),
                    description = e.Value.Description,
                    data = e.Value.Data,
                }),
            }, Json));
        },
    };
}

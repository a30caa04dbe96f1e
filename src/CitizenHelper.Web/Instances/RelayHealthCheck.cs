using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CitizenHelper.Web.Instances;

/// <summary>Several instances: degraded while the notifications of the other instances are not heard (streams then catch up at each heartbeat).</summary>
public sealed class RelayHealthCheck(PostgresRelay relay) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(relay.Listening
            ? HealthCheckResult.Healthy("Listening to the other instances.")
            : HealthCheckResult.Degraded("Not listening to the other instances: their activities reach this instance's streams at the next heartbeat (15 s)."));
}

using CitizenHelper.Storage;

namespace CitizenHelper.Staff;

/// <summary>Deletes call-back phone numbers once they are older than Staff:CallbackRetentionDays, hourly.</summary>
public sealed class CallbackCleanup(EscalationStore escalations, TimeProvider clock, ILogger<CallbackCleanup> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var deleted = await escalations.DeleteExpiredCallbacksAsync(stoppingToken);
                if (deleted > 0)
                {
                    logger.LogInformation("Deleted {Count} call-back numbers past their retention period", deleted);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Deleting expired call-back numbers failed; trying again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

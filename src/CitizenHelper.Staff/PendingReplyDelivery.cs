namespace CitizenHelper.Staff;

/// <summary>
/// Delivers the staff replies a crash left pending: all of them at start-up, then every minute those pending for
/// more than a minute (a reply being delivered right now is left to its request).
/// </summary>
public sealed class PendingReplyDelivery(StaffReplyDelivery replies, TimeProvider clock, ILogger<PendingReplyDelivery> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        var before = clock.GetUtcNow();
        do
        {
            try
            {
                var delivered = await replies.DeliverPendingAsync(before, stoppingToken);
                if (delivered > 0)
                {
                    logger.LogInformation("Delivered {Count} staff replies left pending", delivered);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Delivering pending staff replies failed; trying again in a minute");
            }
            before = clock.GetUtcNow() - Interval;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

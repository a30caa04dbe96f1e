using CitizenHelper.Storage;

namespace CitizenHelper.Staff;

/// <summary>Runs the retention pass (Retention:Days) at start and hourly.</summary>
public sealed class RetentionCleanup(DataRetention retention, TimeProvider clock, ILogger<RetentionCleanup> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var pass = await retention.RunOnceAsync(stoppingToken);
                if (pass.Conversations > 0)
                {
                    logger.LogInformation(
                        "Retention deleted {Conversations} conversations with {Activities} activities, {Attachments} files, {Escalations} escalations and {Replies} staff replies",
                        pass.Conversations, pass.Activities, pass.Attachments, pass.Escalations, pass.StaffReplies);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The retention pass failed; trying again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

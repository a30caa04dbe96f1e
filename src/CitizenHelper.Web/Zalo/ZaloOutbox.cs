using System.Text.Json;
using System.Text.Json.Nodes;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Storage.Zalo;
using CitizenHelper.Web.DirectLine;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Zalo;

/// <summary>Wakes a background loop of the channel when it has something to do now; many wakes before it looks are one.</summary>
public abstract class ZaloSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Dispose()
    {
        _signal.Dispose();
        GC.SuppressFinalize(this);
    }

    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}

/// <summary>Wakes the sender when something is due now (a new message, a citizen back in the window).</summary>
public sealed class ZaloOutboxSignal : ZaloSignal;

/// <summary>
/// Takes the service's messages in Zalo conversations (bot replies, staff replies; never the citizen's own) into
/// the outbox, once per activity id, and wakes the sender.
/// </summary>
public sealed class ZaloOutlet(ZaloStore store, ZaloOutboxSignal signal, IOptions<ZaloOptions> options, TimeProvider clock, ILogger<ZaloOutlet> logger) : IActivityOutlet
{
    private const int RefillBatch = 500;

    /// <summary>
    /// Queues the service's messages stored in Zalo conversations that never reached the outbox: the service stopped
    /// after storing a reply and before queueing it. Only those of the last customer-service window are looked for;
    /// older ones could not be sent as they are anyway. The outbox takes an activity once, so this is safe to repeat.
    /// </summary>
    public async Task<int> RefillAsync(CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow() - options.Value.InteractionWindow;
        var missed = await store.UnqueuedRepliesAsync(ZaloConversations.ChannelId, since, RefillBatch, cancellationToken).ConfigureAwait(false);
        foreach (var record in missed)
        {
            if (ActivityJson.Deserialize(record.Json) is { } activity)
            {
                await TakeAsync(activity, cancellationToken).ConfigureAwait(false);
            }
        }
        if (missed.Count > 0)
        {
            logger.LogWarning("{Count} stored Zalo replies had not reached the outbox (the service stopped in between); queued now", missed.Count);
        }
        return missed.Count;
    }

    public async Task TakeAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Type != ActivityTypes.Message || ZaloConversations.UserOf(activity.Conversation?.Id) is not { } userId || activity.Id is null)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var added = await store.EnqueueAsync(new ZaloOutboxMessage
        {
            ActivityId = activity.Id,
            UserId = userId,
            ConversationId = activity.Conversation!.Id!,
            ActivityJson = ActivityJson.Serialize(activity),
            State = ZaloOutboxState.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        }, cancellationToken).ConfigureAwait(false);
        if (added)
        {
            signal.Wake();
        }
    }
}

/// <summary>Zalo conversation ids: "zalo-" and the user's id (scoped to the OA).</summary>
public static class ZaloConversations
{
    public const string ChannelId = "zalo";
    private const string Prefix = "zalo-";

    public static string For(string userId) => Prefix + userId;

    public static string? UserOf(string? conversationId) =>
        conversationId is not null && conversationId.StartsWith(Prefix, StringComparison.Ordinal) && conversationId.Length > Prefix.Length ? conversationId[Prefix.Length..] : null;
}

/// <summary>
/// Sends the outbox to Zalo: per user in order, part by part (a part sent is not sent again), with backoff on
/// errors worth retrying, a refreshed token on a token error, and a clear log line for every error. A message outside
/// the customer-service window waits for the citizen's next message, or goes as the configured notification template
/// (a staff reply only). Nothing is dropped silently: a message given up is marked Failed and logged.
/// </summary>
public sealed class ZaloOutboxSender(
    ZaloStore store, ZaloClient client, ZaloOutlet outlet, ZaloOutboxSignal signal, IOptions<ZaloOptions> options, TimeProvider clock, ILogger<ZaloOutboxSender> logger) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(5);
    private const int Batch = 32;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastCleanup = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = clock.GetUtcNow();
                if (now - lastCleanup > TimeSpan.FromHours(1))
                {
                    // First at start: replies a stop left out of the outbox go before anything newer.
                    await outlet.RefillAsync(stoppingToken).ConfigureAwait(false);
                    await store.ForgetHandledBeforeAsync(now - TimeSpan.FromDays(2), stoppingToken).ConfigureAwait(false);
                    lastCleanup = now;
                }
                foreach (var message in await store.DueAsync(now, Batch, stoppingToken).ConfigureAwait(false))
                {
                    await SendAsync(message, stoppingToken).ConfigureAwait(false);
                }
                var next = await store.NextDueAsync(stoppingToken).ConfigureAwait(false);
                var wait = next is { } due ? due - clock.GetUtcNow() : Idle;
                if (wait > TimeSpan.Zero)
                {
                    await signal.WaitAsync(wait < Idle ? wait : Idle, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The Zalo outbox round failed; trying again shortly");
                await Task.Delay(Idle, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task SendAsync(ZaloOutboxMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var activity = ActivityJson.Deserialize(message.ActivityJson)!;
        var contact = await store.FindContactAsync(message.UserId, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        if (contact is null || now - contact.LastInteractionAt > settings.InteractionWindow)
        {
            await OutsideWindowAsync(message, activity, cancellationToken).ConfigureAwait(false);
            return;
        }
        var parts = ZaloMessages.For(activity, settings.MaxTextLength);
        message.Attempts++;
        while (message.PartsSent < parts.Count)
        {
            var result = await client.SendAsync(message.UserId, parts[message.PartsSent], cancellationToken).ConfigureAwait(false);
            if (result.Kind != ZaloErrorKind.None)
            {
                await FailedAsync(message, result, activity, cancellationToken).ConfigureAwait(false);
                return;
            }
            message.PartsSent++;
            if (message.PartsSent < parts.Count)
            {
                // Kept after each part: a crash or error now does not send the earlier parts twice.
                await store.UpdateAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        message.State = ZaloOutboxState.Sent;
        message.SentAt = clock.GetUtcNow();
        message.LastError = null;
        await store.UpdateAsync(message, cancellationToken).ConfigureAwait(false);
    }

    private async Task FailedAsync(ZaloOutboxMessage message, ZaloResult result, Activity activity, CancellationToken cancellationToken)
    {
        message.LastError = result.Error;
        switch (result.Kind)
        {
            case ZaloErrorKind.Window:
                logger.LogWarning("Zalo error {Error} for message {ActivityId}: {Meaning}", result.Error, message.ActivityId, ZaloErrors.Describe(result.Error));
                await OutsideWindowAsync(message, activity, cancellationToken).ConfigureAwait(false);
                return;
            case ZaloErrorKind.Unreachable or ZaloErrorKind.Refused:
                message.State = ZaloOutboxState.Failed;
                logger.LogError("Zalo error {Error} for message {ActivityId} in {ConversationId}: {Meaning} ({ZaloMessage}); the message is given up",
                    result.Error, message.ActivityId, message.ConversationId, ZaloErrors.Describe(result.Error), result.Message);
                break;
            default:
                if (message.Attempts >= options.Value.MaxAttempts)
                {
                    message.State = ZaloOutboxState.Failed;
                    logger.LogError("Zalo error {Error} for message {ActivityId} in {ConversationId}: {Meaning}; given up after {Attempts} attempts",
                        result.Error, message.ActivityId, message.ConversationId, ZaloErrors.Describe(result.Error), message.Attempts);
                    break;
                }
                var delay = options.Value.RetryDelay * Math.Pow(2, message.Attempts - 1);
                message.NextAttemptAt = clock.GetUtcNow() + (delay < TimeSpan.FromHours(1) ? delay : TimeSpan.FromHours(1));
                logger.LogWarning("Zalo error {Error} for message {ActivityId}: {Meaning}; trying again at {NextAttemptAt}",
                    result.Error, message.ActivityId, ZaloErrors.Describe(result.Error), message.NextAttemptAt);
                break;
        }
        await store.UpdateAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Outside the window: a staff reply goes as the notification template when one is configured; otherwise the
    /// message waits (state Waiting) until the citizen writes again.
    /// </summary>
    private async Task OutsideWindowAsync(ZaloOutboxMessage message, Activity activity, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.NotificationTemplateId.Length > 0 && StaffReference(activity) is { } reference)
        {
            var result = await client.SendTemplateAsync(message.UserId, settings.NotificationTemplateId, new JsonObject { ["reference"] = reference }, cancellationToken).ConfigureAwait(false);
            if (result.Kind == ZaloErrorKind.None)
            {
                // The template tells the citizen a reply is waiting; the reply itself goes when they write again.
                logger.LogInformation("Staff reply {ActivityId} is outside Zalo's window: the notification template was sent; the reply waits for the citizen's next message", message.ActivityId);
            }
            else
            {
                logger.LogWarning("Zalo error {Error} sending the notification template for {ActivityId}: {Meaning}", result.Error, message.ActivityId, ZaloErrors.Describe(result.Error));
            }
        }
        else
        {
            logger.LogInformation("Message {ActivityId} in {ConversationId} is outside Zalo's customer-service window; it waits for the citizen's next message", message.ActivityId, message.ConversationId);
        }
        message.State = ZaloOutboxState.Waiting;
        await store.UpdateAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The escalation reference of a staff reply (its channel data says it comes from staff); null for the bot's messages.</summary>
    public static string? StaffReference(Activity activity) =>
        activity.ChannelData is { ValueKind: JsonValueKind.Object } data
        && data.TryGetProperty("citizenHelper", out var ch) && ch.ValueKind == JsonValueKind.Object
        && ch.TryGetProperty("from", out var from) && from.ValueKind == JsonValueKind.String && from.GetString() == "staff"
        && ch.TryGetProperty("reference", out var reference) && reference.ValueKind == JsonValueKind.String
            ? reference.GetString()
            : null;
}

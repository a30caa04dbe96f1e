using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.RateLimiting;
using CitizenHelper.Bot;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Storage;
using CitizenHelper.Storage.Zalo;
using CitizenHelper.Web.DirectLine;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Zalo;

/// <summary>
/// Turns the Zalo events kept in the inbox table, in the order they came and those a stop left unhandled first, into the activities the Direct Line path gives the bot, and hands them to the same
/// <see cref="TurnProcessor"/>: a text is a message (a tapped value button's payload becomes its value), a photo is
/// fetched from Zalo's CDN (bounded, allowed hosts only) and kept as an upload the bot's QR reader opens, a follow or a
/// sticker is a conversationUpdate (the bot's welcome), a location is a message with an attachment the bot cannot read
/// (it offers staff). Each event also refreshes the citizen's customer-service window and wakes replies waiting for it.
/// An event is marked handled once its activity is stored for the bot (whose turns resume after a restart); a stop
/// before that handles it again at the next start, and an activity already stored under the event's id
/// (<see cref="ActivityIdOf"/>) is not stored or answered twice.
/// </summary>
public sealed class ZaloEventWorker(
    ZaloInboxSignal inbox, ZaloStore zalo, ConversationStore conversations, ConversationDelivery delivery, PendingTurns turns, ZaloOutboxSignal outbox,
    IHttpClientFactory clients, IOptions<ZaloOptions> options, TimeProvider clock, ILogger<ZaloEventWorker> logger) : BackgroundService
{
    public const string ImageClientName = "zalo-images";
    private const string UploadHost = "https://zalo.invalid";
    private const int Batch = 32;
    private const int MaxAttempts = 3;
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(5);

    private readonly PartitionedRateLimiter<string> _perUser = PartitionedRateLimiter.Create<string, string>(user =>
        RateLimitPartition.GetFixedWindowLimiter(user, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.MessagesPerUserPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public override void Dispose()
    {
        _perUser.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var events = await zalo.UnhandledAsync(Batch, stoppingToken).ConfigureAwait(false);
                foreach (var inboxEvent in events)
                {
                    if (!await HandleOneAsync(inboxEvent, stoppingToken).ConfigureAwait(false))
                    {
                        // Tried again shortly, before any later event, so a user's messages keep their order.
                        await Task.Delay(TimeSpan.FromSeconds(inboxEvent.Attempts), clock, stoppingToken).ConfigureAwait(false);
                        break;
                    }
                }
                if (events.Count < Batch)
                {
                    await inbox.WaitAsync(Idle, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The Zalo inbox could not be read; trying again shortly");
                await Task.Delay(Idle, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Handles one event and marks it handled; false when it failed and is to be tried again.</summary>
    private async Task<bool> HandleOneAsync(ZaloInboxEvent inboxEvent, CancellationToken cancellationToken)
    {
        ZaloEvent? zaloEvent = null;
        try
        {
            zaloEvent = inboxEvent.Json is { } json ? JsonSerializer.Deserialize<ZaloEvent>(json) : null;
            if (zaloEvent is not null)
            {
                await HandleAsync(zaloEvent, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await zalo.CountAttemptAsync(inboxEvent, cancellationToken).ConfigureAwait(false);
            if (inboxEvent.Attempts < MaxAttempts)
            {
                logger.LogWarning(e, "The Zalo event {Event} could not be handled; trying again", zaloEvent?.Name);
                return false;
            }
            logger.LogError(e, "The Zalo event {Event} could not be handled after {Attempts} attempts; given up", zaloEvent?.Name, inboxEvent.Attempts);
        }
        await zalo.MarkHandledAsync(inboxEvent, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task HandleAsync(ZaloEvent zaloEvent, CancellationToken cancellationToken)
    {
        using (var lease = _perUser.AttemptAcquire(zaloEvent.UserId))
        {
            if (!lease.IsAcquired)
            {
                logger.LogWarning("Zalo event {Event} dropped: the user sent more than {Limit} per minute", zaloEvent.Name, options.Value.MessagesPerUserPerMinute);
                return;
            }
        }
        var conversationId = ZaloConversations.For(zaloEvent.UserId);
        var now = clock.GetUtcNow();
        await conversations.CreateAsync(conversationId, ZaloConversations.ChannelId, zaloEvent.UserId, "vi-VN", cancellationToken).ConfigureAwait(false);
        var contact = await zalo.FindContactAsync(zaloEvent.UserId, cancellationToken).ConfigureAwait(false)
            ?? new ZaloContact { UserId = zaloEvent.UserId, ConversationId = conversationId };
        contact.Following = zaloEvent.Name != ZaloEventNames.Unfollow && (contact.Following || zaloEvent.Name == ZaloEventNames.Follow);
        if (zaloEvent.Name != ZaloEventNames.Unfollow)
        {
            // Any event of the user's own opens the window (a follow included); an unfollow closes what it can.
            contact.LastInteractionAt = now;
            contact.LastMessageId = zaloEvent.MessageId ?? contact.LastMessageId;
        }
        await zalo.SaveContactAsync(contact, cancellationToken).ConfigureAwait(false);
        if (zaloEvent.Name == ZaloEventNames.Unfollow)
        {
            logger.LogInformation("A Zalo user unfollowed the OA; messages to them will be refused by Zalo");
            return;
        }
        if (await zalo.WakeWaitingAsync(zaloEvent.UserId, now, cancellationToken).ConfigureAwait(false) > 0)
        {
            outbox.Wake();
        }

        // Stored before a stop that came before the event was marked handled: its turn resumes from the store, so it
        // is neither stored nor answered again (nor its photo fetched again).
        var activityId = ActivityIdOf(zaloEvent);
        if (await conversations.ContainsActivityAsync(activityId, cancellationToken).ConfigureAwait(false))
        {
            logger.LogInformation("The Zalo event {Event} was stored before a stop; not stored again", zaloEvent.Name);
            return;
        }
        var activity = await ToActivityAsync(zaloEvent, conversationId, cancellationToken).ConfigureAwait(false);
        activity.Id = activityId;
        if (await delivery.StoreOnceAsync(activity, awaitingTurn: true, visibleToClient: activity.Type == ActivityTypes.Message, cancellationToken).ConfigureAwait(false) is { } sequence)
        {
            turns.Enqueue(sequence, activity);
        }
    }

    /// <summary>
    /// The id of the activity an event becomes, the same each time the event is handled: its conversation and a hash
    /// of <see cref="ZaloEvent.EventId"/> (Zalo's msg_id, which can be longer than an activity id may be).
    /// </summary>
    public static string ActivityIdOf(ZaloEvent zaloEvent)
    {
        ArgumentNullException.ThrowIfNull(zaloEvent);
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(zaloEvent.EventId));
        return $"{ZaloConversations.For(zaloEvent.UserId)}|z{Convert.ToHexStringLower(hash, 0, 10)}";
    }

    private async Task<Activity> ToActivityAsync(ZaloEvent zaloEvent, string conversationId, CancellationToken cancellationToken)
    {
        var citizen = new ChannelAccount { Id = zaloEvent.UserId, Role = RoleTypes.User };
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            ChannelId = ZaloConversations.ChannelId,
            From = citizen,
            Recipient = BotIdentity.Account(),
            Conversation = new ConversationAccount { Id = conversationId },
            Locale = "vi-VN",
        };
        switch (zaloEvent.Name)
        {
            case ZaloEventNames.Follow or ZaloEventNames.Sticker:
                activity.Type = ActivityTypes.ConversationUpdate;
                activity.MembersAdded = [BotIdentity.Account(), citizen];
                break;
            case ZaloEventNames.Text when ZaloMessages.TappedValue(zaloEvent.Text) is { } value:
                activity.Value = value;
                activity.Text = "";
                break;
            case ZaloEventNames.Text:
                activity.Text = zaloEvent.Text ?? "";
                break;
            case ZaloEventNames.Image:
                activity.Text = zaloEvent.Text;
                activity.Attachments = [await PhotoAsync(zaloEvent, conversationId, cancellationToken).ConfigureAwait(false)];
                break;
            case ZaloEventNames.Location:
                // Where the citizen is: not kept, and not something the bot can answer.
                activity.Attachments = [new Attachment { ContentType = "application/vnd.zalo.location", Name = "location" }];
                break;
        }
        return activity;
    }

    /// <summary>
    /// The photo as one of the conversation's uploads, so the bot's reader (which opens uploads by path within their
    /// own conversation, never over HTTP) reads it; a photo that cannot be fetched keeps its URL and gets the bot's
    /// "cannot read this photo" reply.
    /// </summary>
    private async Task<Attachment> PhotoAsync(ZaloEvent zaloEvent, string conversationId, CancellationToken cancellationToken)
    {
        var content = zaloEvent.ImageUrl is { } url ? await FetchAsync(url, cancellationToken).ConfigureAwait(false) : null;
        var type = content is null ? null : UploadedFile.Sniff(content);
        if (content is null || type is null)
        {
            return new Attachment { ContentType = "image/jpeg", ContentUrl = UploadHost + "/unreadable", Name = "zalo-photo" };
        }
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        await conversations.SaveAttachmentAsync(new AttachmentRecord
        {
            Id = id, ConversationId = conversationId, ContentType = type, Name = "zalo-photo", Content = content, CreatedAt = clock.GetUtcNow(),
            Size = content.Length, Uploader = ZaloConversations.ChannelId,
        }, cancellationToken).ConfigureAwait(false);
        return new Attachment { ContentType = type, ContentUrl = $"{UploadHost}/v3/directline/conversations/{conversationId}/attachments/{id}", Name = "zalo-photo" };
    }

    private async Task<byte[]?> FetchAsync(string url, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !settings.AllowsImageHost(uri.Host))
        {
            logger.LogWarning("A Zalo photo's host {Host} is not in Zalo:ImageHosts; not fetched", Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.Host : "?");
            return null;
        }
        try
        {
            return await BoundedDownload.GetAsync(clients.CreateClient(ImageClientName), uri, settings.MaxImageBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("A Zalo photo could not be fetched from {Host}: {Reason}", uri.Host, e.GetType().Name);
            return null;
        }
    }
}

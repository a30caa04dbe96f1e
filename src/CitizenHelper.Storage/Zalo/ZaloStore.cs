using CitizenHelper.Bot.Schema;
using Microsoft.EntityFrameworkCore;

namespace CitizenHelper.Storage.Zalo;

/// <summary>What the Zalo channel keeps: events taken (the inbox), contacts and their window, the outbox, and the OA's tokens.</summary>
public sealed class ZaloStore(IDbContextFactory<CitizenHelperDbContext> contexts, BatchWriter writes)
{
    /// <summary>
    /// Keeps the event to handle (<paramref name="json"/>); false when an event with the same id was taken before (a
    /// retried delivery). Returns once the row is committed: only then may Zalo be told the event was received.
    /// </summary>
    public async Task<bool> TryAcceptAsync(string eventId, string json, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await db.ZaloInbox.AnyAsync(e => e.EventId == eventId, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }
        try
        {
            return await writes.WriteAsync<bool>(db =>
            {
                db.ZaloInbox.Add(new ZaloInboxEvent { EventId = eventId, Json = json, ReceivedAt = at });
                return () => true;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // The same event arrived twice at once: the unique id let one in.
            return false;
        }
    }

    /// <summary>How many events are taken and not handled yet.</summary>
    public async Task<int> UnhandledCountAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.ZaloInbox.CountAsync(e => e.HandledAt == null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The oldest events not handled yet, in the order they arrived (those left by a stop included).</summary>
    public async Task<IReadOnlyList<ZaloInboxEvent>> UnhandledAsync(int max, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.ZaloInbox.AsNoTracking().Where(e => e.HandledAt == null).OrderBy(e => e.Id).Take(max).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The event is done with (handled, or given up): its content is dropped, its id kept against retried deliveries.</summary>
    public Task MarkHandledAsync(ZaloInboxEvent inboxEvent, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inboxEvent);
        inboxEvent.HandledAt = at;
        inboxEvent.Json = null;
        return UpdateInboxAsync(inboxEvent, cancellationToken);
    }

    /// <summary>One more failed attempt at the event.</summary>
    public Task CountAttemptAsync(ZaloInboxEvent inboxEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inboxEvent);
        inboxEvent.Attempts++;
        return UpdateInboxAsync(inboxEvent, cancellationToken);
    }

    private Task<bool> UpdateInboxAsync(ZaloInboxEvent inboxEvent, CancellationToken cancellationToken) =>
        writes.WriteAsync<bool>(db =>
        {
            db.ZaloInbox.Update(inboxEvent);
            return () => true;
        }, cancellationToken);

    /// <summary>Forgets handled events taken before <paramref name="before"/>; older deliveries are refused by their timestamp anyway.</summary>
    public async Task<int> ForgetHandledBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.ZaloInbox.Where(e => e.HandledAt != null && e.ReceivedAt < before).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<ZaloContact?> FindContactAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.ZaloContacts.AsNoTracking().FirstOrDefaultAsync(c => c.UserId == userId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ZaloContact?> FindContactByConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.ZaloContacts.AsNoTracking().FirstOrDefaultAsync(c => c.ConversationId == conversationId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates or updates the contact (its last interaction, message id, following).</summary>
    public async Task SaveContactAsync(ZaloContact contact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var exists = await FindContactAsync(contact.UserId, cancellationToken).ConfigureAwait(false) is not null;
        await writes.WriteAsync<bool>(db =>
        {
            if (exists)
            {
                db.ZaloContacts.Update(contact);
            }
            else
            {
                db.ZaloContacts.Add(contact);
            }
            return () => true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the message to the outbox unless one for the same activity is there already; true when added now.</summary>
    public async Task<bool> EnqueueAsync(ZaloOutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await db.ZaloOutbox.AnyAsync(m => m.ActivityId == message.ActivityId, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }
        try
        {
            return await writes.WriteAsync<bool>(db =>
            {
                db.ZaloOutbox.Add(message);
                return () => true;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    /// <summary>
    /// The service's messages (bot and staff replies) stored in conversations of <paramref name="channelId"/> since
    /// <paramref name="since"/> that have no outbox row, oldest first: the service stopped between storing one and
    /// queueing it.
    /// </summary>
    public async Task<IReadOnlyList<ActivityRecord>> UnqueuedRepliesAsync(string channelId, DateTimeOffset since, int max, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Activities.AsNoTracking()
            .Where(a => a.Timestamp >= since && a.Type == ActivityTypes.Message && a.FromRole != RoleTypes.User && a.VisibleToClient)
            .Where(a => db.Conversations.Any(c => c.Id == a.ConversationId && c.ChannelId == channelId))
            .Where(a => !db.ZaloOutbox.Any(m => m.ActivityId == a.ActivityId))
            .OrderBy(a => a.Sequence)
            .Take(max)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The messages to send now: per user only the oldest unsent one, and only when it is due, so a user's messages
    /// go out in the order they were written even when one waits for a retry.
    /// </summary>
    public async Task<IReadOnlyList<ZaloOutboxMessage>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var open = await db.ZaloOutbox.AsNoTracking()
            .Where(m => m.State == ZaloOutboxState.Pending || m.State == ZaloOutboxState.Waiting)
            .OrderBy(m => m.Id)
            .Take(max * 4)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. open.GroupBy(m => m.UserId)
            .Select(g => g.First())
            .Where(m => m.State == ZaloOutboxState.Pending && m.NextAttemptAt <= now)
            .Take(max)];
    }

    /// <summary>The earliest time a pending message is due; null when none is pending.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var next = await db.ZaloOutbox.AsNoTracking().Where(m => m.State == ZaloOutboxState.Pending)
            .OrderBy(m => m.NextAttemptAt).Select(m => (DateTimeOffset?)m.NextAttemptAt).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return next;
    }

    public Task UpdateAsync(ZaloOutboxMessage message, CancellationToken cancellationToken) =>
        writes.WriteAsync<bool>(db =>
        {
            db.ZaloOutbox.Update(message);
            return () => true;
        }, cancellationToken);

    /// <summary>The citizen wrote again: their messages waiting for the window are due now. Returns how many.</summary>
    public async Task<int> WakeWaitingAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<ZaloOutboxMessage> waiting;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            waiting = await db.ZaloOutbox.AsNoTracking().Where(m => m.UserId == userId && m.State == ZaloOutboxState.Waiting).ToListAsync(cancellationToken).ConfigureAwait(false);
        }
        if (waiting.Count == 0)
        {
            return 0;
        }
        return await writes.WriteAsync<int>(db =>
        {
            foreach (var message in waiting)
            {
                message.State = ZaloOutboxState.Pending;
                message.NextAttemptAt = now;
                db.ZaloOutbox.Update(message);
            }
            return () => waiting.Count;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The conversation's outbox messages, oldest first (for the console and tests).</summary>
    public async Task<IReadOnlyList<ZaloOutboxMessage>> OutboxOfAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.ZaloOutbox.AsNoTracking().Where(m => m.ConversationId == conversationId).OrderBy(m => m.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<ZaloTokenRecord?> TokenAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.ZaloTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == 1, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keeps the tokens (one row): the rotated refresh token replaces the old one in the same write.</summary>
    public async Task SaveTokenAsync(ZaloTokenRecord token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        token.Id = 1;
        var exists = await TokenAsync(cancellationToken).ConfigureAwait(false) is not null;
        await writes.WriteAsync<bool>(db =>
        {
            if (exists)
            {
                db.ZaloTokens.Update(token);
            }
            else
            {
                db.ZaloTokens.Add(token);
            }
            return () => true;
        }, cancellationToken).ConfigureAwait(false);
    }
}

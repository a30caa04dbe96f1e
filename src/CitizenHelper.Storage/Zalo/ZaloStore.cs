using Microsoft.EntityFrameworkCore;

namespace CitizenHelper.Storage.Zalo;

/// <summary>What the Zalo channel keeps: events seen, contacts and their window, the outbox, and the OA's tokens.</summary>
public sealed class ZaloStore(IDbContextFactory<CitizenHelperDbContext> contexts, BatchWriter writes)
{
    /// <summary>Records the event as seen; false when it was seen before (a retried delivery).</summary>
    public async Task<bool> TryMarkSeenAsync(string eventId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await db.ZaloSeenEvents.AnyAsync(e => e.EventId == eventId, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }
        try
        {
            return await writes.WriteAsync<bool>(db =>
            {
                db.ZaloSeenEvents.Add(new ZaloSeenEvent { EventId = eventId, SeenAt = at });
                return () => true;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // The same event arrived twice at once: the unique id let one in.
            return false;
        }
    }

    /// <summary>Forgets one event, so its next delivery is taken (it could not be queued).</summary>
    public async Task ForgetSeenAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.ZaloSeenEvents.Where(e => e.EventId == eventId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets events seen before <paramref name="before"/>; older deliveries are refused by their timestamp anyway.</summary>
    public async Task<int> ForgetSeenBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.ZaloSeenEvents.Where(e => e.SeenAt < before).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
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

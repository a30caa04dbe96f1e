using CitizenHelper.Bot.Schema;
using CitizenHelper.Knowledge.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Storage;

// Over 300 lines on purpose: conversations and their activities are written together, with the watermarks that order them.
/// <summary>Conversations and their activities, durable in the database: what a channel delivers and replays.</summary>
public sealed class ConversationStore(IDbContextFactory<CitizenHelperDbContext> contexts, BatchWriter writes, TimeProvider clock, IOptions<SharedInstancesOptions> sharing)
{
    private readonly SharedInstancesOptions _sharing = sharing.Value;

    // Conversations are deleted only by retention (DataRetention), long after their last message, which forgets
    // them here: a conversation seen once exists, and every poll and post of a busy conversation need not ask the
    // database again.
    private readonly BoundedMemo<bool> _known = new();

    // The last visible activity committed per conversation, in commit order (updated on the writer's loop). A stream
    // that has sent exactly that activity can send the next one straight from the signal instead of reading it back.
    // Missing entries only cost a read.
    private readonly BoundedMemo<long> _lastVisible = new();

    public async Task<bool> ExistsAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (_known.Contains(conversationId))
        {
            return true;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var exists = await db.Conversations.AnyAsync(c => c.Id == conversationId, cancellationToken).ConfigureAwait(false);
        if (exists)
        {
            _known.Set(conversationId, true);
        }
        return exists;
    }

    /// <summary>Creates the conversation; false when it already existed.</summary>
    public async Task<bool> CreateAsync(string conversationId, string channelId, string? userId, string? locale, CancellationToken cancellationToken, string? serviceUrl = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await db.Conversations.AnyAsync(c => c.Id == conversationId, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        var now = clock.GetUtcNow();
        var record = new ConversationRecord
        {
            Id = conversationId,
            ChannelId = channelId,
            UserId = userId,
            Locale = locale,
            ServiceUrl = serviceUrl,
            CreatedAt = now,
            LastActivityAt = now,
        };
        try
        {
            return await writes.WriteAsync<bool>(w =>
            {
                w.Conversations.Add(record);
                return () =>
                {
                    Remember(conversationId, 0);
                    return true;
                };
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // Another request created it first.
            return false;
        }
    }

    /// <summary>
    /// Stores an activity that already carries its id, timestamp and conversation; returns its sequence (watermark),
    /// the sequence of the conversation's visible activity before it, and its JSON.
    /// <paramref name="completesTurn"/>: the stored activity whose turn this reply finishes, marked done in the same commit.
    /// </summary>
    public async Task<StoredActivity> AppendAsync(Activity activity, bool awaitingTurn, bool visibleToClient, CancellationToken cancellationToken, long? completesTurn = null)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var conversationId = activity.Conversation?.Id ?? throw new ArgumentException("The activity has no conversation.", nameof(activity));
        var record = new ActivityRecord
        {
            ConversationId = conversationId,
            ActivityId = activity.Id ?? throw new ArgumentException("The activity has no id.", nameof(activity)),
            Type = activity.Type,
            FromRole = activity.From?.Role ?? RoleTypes.User,
            Timestamp = activity.Timestamp ?? clock.GetUtcNow(),
            Json = StorableJson(activity),
            AwaitingTurn = awaitingTurn,
            VisibleToClient = visibleToClient,
            TurnLeaseUntil = awaitingTurn && _sharing.Shared ? clock.GetUtcNow() + _sharing.TurnLease : null,
        };
        return await writes.WriteRowsAsync<StoredActivity>(async (rows, ct) =>
        {
            if (_sharing.Shared)
            {
                rows.LockConversation(conversationId);
                if (visibleToClient)
                {
                    rows.StagedVisible(record);
                }
            }
            if (await rows.InsertAsync(record, ct).ConfigureAwait(false) is { } sequence)
            {
                record.Sequence = sequence; // else set when the batch is saved
            }
            if (completesTurn is { } turn)
            {
                await MarkDoneAsync(rows, turn, ct).ConfigureAwait(false);
            }
            return () =>
            {
                var previous = StoredActivity.Unknown;
                if (visibleToClient && _sharing.Shared)
                {
                    // Other instances write too: the activity before it was read under the conversation's lock.
                    previous = rows.PreviousVisible(record);
                }
                else if (visibleToClient)
                {
                    previous = _lastVisible.TryGet(conversationId, out var last) ? last : StoredActivity.Unknown;
                    Remember(conversationId, record.Sequence);
                }
                return new StoredActivity(record.Sequence, previous, record.Json);
            };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The activity as stored: a citizen's message with ID numbers, phone numbers and e-mail addresses redacted, in
    /// its text and its files' names. The bot still gets the activity as sent, in memory, for the turn (a call-back
    /// number is kept apart, with the escalation); what is kept and shown again is redacted.
    /// </summary>
    private static string StorableJson(Activity activity)
    {
        var json = ActivityJson.Serialize(activity);
        var citizens = activity.From?.Role is null or RoleTypes.User;
        var identifies = (activity.Text is { } text && PersonalData.Redact(text) != text)
            || activity.Attachments?.Any(a => a?.Name is { } name && PersonalData.Redact(name) != name) == true;
        if (!citizens || !identifies)
        {
            return json;
        }
        var stored = ActivityJson.Deserialize(json)!;
        stored.Text = stored.Text is null ? null : PersonalData.Redact(stored.Text);
        foreach (var attachment in stored.Attachments?.OfType<Attachment>() ?? [])
        {
            attachment.Name = attachment.Name is null ? null : PersonalData.Redact(attachment.Name);
        }
        return ActivityJson.Serialize(stored);
    }

    /// <summary>Forgets conversations retention deleted, so a later request for one is answered from the database (not found).</summary>
    public void Forget(IEnumerable<string> conversationIds)
    {
        ArgumentNullException.ThrowIfNull(conversationIds);
        foreach (var id in conversationIds)
        {
            _known.Remove(id);
            _lastVisible.Remove(id);
        }
    }

    /// <summary>The Bot Framework channel's service URL for a conversation that came through one; null for Direct Line.</summary>
    public async Task<string?> ServiceUrlAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.ServiceUrl).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The channel each of the conversations came through (<c>directline</c>, <c>webchat</c>, <c>zalo</c>…), by conversation id.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ChannelsAsync(IReadOnlyCollection<string> conversationIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationIds);
        if (conversationIds.Count == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Conversations.Where(c => conversationIds.Contains(c.Id)).Select(c => new { c.Id, c.ChannelId })
            .ToDictionaryAsync(c => c.Id, c => c.ChannelId, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Activities the client may see, after the watermark, oldest first.</summary>
    public async Task<IReadOnlyList<ActivityRecord>> ReadAfterAsync(string conversationId, long watermark, int max, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Activities.AsNoTracking()
            .Where(a => a.ConversationId == conversationId && a.Sequence > watermark && a.VisibleToClient)
            .OrderBy(a => a.Sequence)
            .Take(max)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every activity of a conversation, oldest first (for transcripts).</summary>
    public async Task<IReadOnlyList<Activity>> TranscriptAsync(string conversationId, int max, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var records = await db.Activities.AsNoTracking()
            .Where(a => a.ConversationId == conversationId && a.VisibleToClient && a.Type == ActivityTypes.Message)
            .OrderByDescending(a => a.Sequence)
            .Take(max)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. records.OrderBy(r => r.Sequence).Select(r => ActivityJson.Deserialize(r.Json)!)];
    }

    /// <summary>Activities the bot has not handled yet (after a crash or restart).</summary>
    public async Task<IReadOnlyList<ActivityRecord>> AwaitingTurnAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Activities.AsNoTracking().Where(a => a.AwaitingTurn).OrderBy(a => a.Sequence).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Several instances: takes the turns awaiting past their lease (their instance stopped or died), each for one
    /// instance only (the update that extends the lease wins once), oldest first.
    /// </summary>
    public async Task<IReadOnlyList<long>> ClaimStaleTurnsAsync(int max, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var stale = await db.Activities.AsNoTracking()
            .Where(a => a.AwaitingTurn && (a.TurnLeaseUntil == null || a.TurnLeaseUntil < now))
            .OrderBy(a => a.Sequence).Select(a => a.Sequence).Take(max)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var claimed = new List<long>(stale.Count);
        var until = now + _sharing.TurnLease;
        foreach (var sequence in stale)
        {
            // Rechecked by the database under the row's lock: of two instances claiming at once, one updates it.
            var updated = await db.Activities
                .Where(a => a.Sequence == sequence && a.AwaitingTurn && (a.TurnLeaseUntil == null || a.TurnLeaseUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.TurnLeaseUntil, until), cancellationToken).ConfigureAwait(false);
            if (updated == 1)
            {
                claimed.Add(sequence);
            }
        }
        return claimed;
    }

    /// <summary>Several instances: extends the leases of the turns this instance is running or about to run.</summary>
    public async Task RenewTurnLeasesAsync(IReadOnlyCollection<long> sequences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
        {
            return;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var until = clock.GetUtcNow() + _sharing.TurnLease;
        if (db.Database.IsNpgsql())
        {
            // Rows locked in sequence order, and rows locked by a commit marking their turn done skipped (nothing to
            // renew there): one UPDATE of many rows in any order deadlocked with such a commit of several turns.
            var held = sequences.ToArray();
            await db.Database.ExecuteSqlAsync($"""
                UPDATE "Activities" SET "TurnLeaseUntil" = {until}
                WHERE "Sequence" IN (SELECT "Sequence" FROM "Activities" WHERE "Sequence" = ANY({held}) AND "AwaitingTurn" ORDER BY "Sequence" FOR UPDATE SKIP LOCKED)
                """, cancellationToken).ConfigureAwait(false);
            return;
        }
        await db.Activities.Where(a => sequences.Contains(a.Sequence) && a.AwaitingTurn)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.TurnLeaseUntil, until), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether an activity with this id is stored (ids are unique across conversations).</summary>
    public async Task<bool> ContainsActivityAsync(string activityId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Activities.AnyAsync(a => a.ActivityId == activityId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ActivityRecord?> FindAsync(long sequence, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Activities.AsNoTracking().FirstOrDefaultAsync(a => a.Sequence == sequence, cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveAttachmentAsync(AttachmentRecord attachment, CancellationToken cancellationToken)
    {
        await writes.WriteAsync<bool>(db =>
        {
            db.Attachments.Add(attachment);
            return () => true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Files and bytes uploaded since <paramref name="since"/> into the conversation, and by <paramref name="uploader"/>
    /// into any conversation.
    /// </summary>
    public async Task<UploadUsage> UploadsSinceAsync(string conversationId, string uploader, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var recent = db.Attachments.AsNoTracking().Where(a => a.CreatedAt >= since);
        var ofConversation = recent.Where(a => a.ConversationId == conversationId);
        var ofAddress = recent.Where(a => a.Uploader == uploader);
        return new UploadUsage(
            await ofConversation.CountAsync(cancellationToken).ConfigureAwait(false), await ofConversation.SumAsync(a => a.Size, cancellationToken).ConfigureAwait(false),
            await ofAddress.CountAsync(cancellationToken).ConfigureAwait(false), await ofAddress.SumAsync(a => a.Size, cancellationToken).ConfigureAwait(false));
    }

    public async Task<AttachmentRecord?> FindAttachmentAsync(string conversationId, string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.ConversationId == conversationId, cancellationToken).ConfigureAwait(false);
    }

    public async Task MarkTurnDoneAsync(long sequence, CancellationToken cancellationToken)
    {
        await writes.WriteRowsAsync<bool>(async (rows, ct) =>
        {
            await MarkDoneAsync(rows, sequence, ct).ConfigureAwait(false);
            return () => true;
        }, cancellationToken).ConfigureAwait(false);
    }

    private void Remember(string conversationId, long sequence)
    {
        _lastVisible.Set(conversationId, sequence);
    }

    private static Task<bool> MarkDoneAsync(RowWriter rows, long sequence, CancellationToken cancellationToken) =>
        rows.UpdateAsync<ActivityRecord>(sequence, nameof(ActivityRecord.AwaitingTurn), false, cancellationToken);
}

/// <summary>Uploads counted for the daily bounds: of one conversation, and of one client address over all its conversations.</summary>
public sealed record UploadUsage(int ConversationFiles, long ConversationBytes, int AddressFiles, long AddressBytes);

/// <summary>
/// An activity as committed: its sequence (watermark), the sequence of the conversation's visible activity committed
/// just before it (<see cref="Unknown"/> when this process does not know), and its stored JSON.
/// </summary>
public sealed record StoredActivity(long Sequence, long Previous, string Json)
{
    public const long Unknown = -1;
}

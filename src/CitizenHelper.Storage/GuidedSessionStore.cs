using System.Text.Json;
using CitizenHelper.Bot.Guided;
using Microsoft.EntityFrameworkCore;

namespace CitizenHelper.Storage;

/// <summary>Keeps guided sessions, and tells staff where residents stand in them.</summary>
public sealed class GuidedSessionStore(IDbContextFactory<CitizenHelperDbContext> contexts, BatchWriter writes) : IGuidedSessionStore
{
    private const int RememberedLimit = 100_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Every message asks whether its conversation is in a guided session, and almost none are. Conversations known
    // to have no open session are remembered until a session is saved for them (sessions change only through this
    // store), so plain questions do not cost a database read each.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _withoutOpenSession = new(StringComparer.Ordinal);

    public async Task<GuidedSession?> FindAsync(string token, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var json = await db.GuidedSessions.Where(g => g.Token == token).Select(g => g.SessionJson).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return json is null ? null : JsonSerializer.Deserialize<GuidedSession>(json, Json);
    }

    public async Task<GuidedSession?> LatestOpenAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (_withoutOpenSession.ContainsKey(conversationId))
        {
            return null;
        }
        var session = await ReadLatestOpenAsync(conversationId, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            if (_withoutOpenSession.Count >= RememberedLimit)
            {
                _withoutOpenSession.Clear();
            }
            _withoutOpenSession.TryAdd(conversationId, 0);
        }
        return session;
    }

    private async Task<GuidedSession?> ReadLatestOpenAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var json = await db.GuidedSessions.Where(g => g.ConversationId == conversationId && !g.Done)
            .OrderBy(g => g.Stopped).ThenByDescending(g => g.UpdatedAt).Select(g => g.SessionJson).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return json is null ? null : JsonSerializer.Deserialize<GuidedSession>(json, Json);
    }

    public async Task SaveAsync(GuidedSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var json = JsonSerializer.Serialize(session, Json);
        _withoutOpenSession.TryRemove(session.ConversationId, out _);
        await writes.WriteAsync<bool>(db =>
        {
            // Find looks in this batch's changes first, then in the database: the row may or may not exist yet.
            var record = db.GuidedSessions.Find(session.Token);
            var added = record is null;
            record ??= new GuidedSessionRecord { Token = session.Token, ConversationId = "", Language = "", Position = "", SessionJson = "" };
            record.ConversationId = session.ConversationId;
            record.ProcedureCode = session.ProcedureCode;
            record.Language = session.Language;
            record.Position = session.Position;
            record.Stopped = session.Stopped;
            record.Done = session.Stage == GuidedStage.Done;
            record.HelpRequests = session.HelpRequests;
            record.StartedAt = session.StartedAt;
            record.UpdatedAt = session.UpdatedAt;
            record.SessionJson = json;
            if (added)
            {
                db.GuidedSessions.Add(record);
            }
            return () => true;
        }, cancellationToken).ConfigureAwait(false);
        // Again after the commit: a read that ran while the write waited must not leave "no session" behind.
        _withoutOpenSession.TryRemove(session.ConversationId, out _);
    }

    /// <summary>The latest sessions, newest first, for the staff console.</summary>
    public async Task<IReadOnlyList<GuidedSessionRecord>> RecentAsync(DateTimeOffset since, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.GuidedSessions.AsNoTracking().Where(g => g.UpdatedAt >= since)
            .OrderByDescending(g => g.UpdatedAt).Take(take).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows;
    }
}

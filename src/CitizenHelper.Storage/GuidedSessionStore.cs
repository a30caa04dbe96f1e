using CitizenHelper.Answering;
using System.Text.Json;
using CitizenHelper.Bot.Guided;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Storage;

/// <summary>Keeps guided sessions, and tells staff where residents stand in them.</summary>
public sealed class GuidedSessionStore(
    IDbContextFactory<CitizenHelperDbContext> contexts, BatchWriter writes, IOptions<StaffOptions> staff, KnowledgeProvider knowledge) : IGuidedSessionStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Every message asks whether its conversation is in a guided session, and almost none are. Conversations known
    // to have no open session are remembered until a session is saved for them (sessions change only through this
    // store), so plain questions do not cost a database read each.
    private readonly BoundedMemo<bool> _withoutOpenSession = new();

    public async Task<GuidedSession?> FindAsync(string token, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var json = await db.GuidedSessions.Where(g => g.Token == token).Select(g => g.SessionJson).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return json is null ? null : JsonSerializer.Deserialize<GuidedSession>(json, Json);
    }

    public async Task<GuidedSession?> LatestOpenAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (_withoutOpenSession.Contains(conversationId))
        {
            return null;
        }
        var session = await ReadLatestOpenAsync(conversationId, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            _withoutOpenSession.Set(conversationId, true);
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
        _withoutOpenSession.Remove(session.ConversationId);
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
            record.Center = knowledge.Current.Base.UnitDirectory.Resolve(session.Unit)?.Key ?? session.Unit;
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
        _withoutOpenSession.Remove(session.ConversationId);
    }

    /// <summary>
    /// The sessions <paramref name="scope"/> may see, last active first, each with the conversation's latest escalation
    /// the scope sees and the resident's rating. A session belongs to the center of the commune the resident named
    /// (else the configured default center), and also to the center of any escalation from its conversation; one
    /// with neither is seen by administrators only, as escalations are.
    /// </summary>
    public async Task<IReadOnlyList<GuidedSessionView>> ListAsync(GuidedSessionQuery query, StaffScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = Filtered(db, query, scope);
        var sessions = await rows.OrderByDescending(g => g.UpdatedAt).Take(query.Take).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (sessions.Count == 0)
        {
            return [];
        }
        var conversations = sessions.Select(g => g.ConversationId).Distinct().ToList();
        var escalations = db.Escalations.AsNoTracking().Where(e => conversations.Contains(e.ConversationId)).SeenBy(scope);
        var references = await escalations.Select(e => new { e.ConversationId, e.Reference, e.CreatedAt }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var ratings = await db.Ratings.AsNoTracking().Where(r => conversations.Contains(r.ConversationId))
            .Select(r => new { r.ConversationId, r.ProcedureCode, r.Helpful, r.At }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. sessions.Select(g => new GuidedSessionView(
            g,
            references.Where(e => e.ConversationId == g.ConversationId && e.CreatedAt >= g.StartedAt).OrderByDescending(e => e.CreatedAt).Select(e => e.Reference).FirstOrDefault(),
            ratings.Where(r => r.ConversationId == g.ConversationId && r.ProcedureCode == g.ProcedureCode && r.At >= g.StartedAt)
                .OrderByDescending(r => r.At).Select(r => (bool?)r.Helpful).FirstOrDefault()))];
    }

    /// <summary>The sessions <paramref name="scope"/> may see that match <paramref name="query"/>.</summary>
    private IQueryable<GuidedSessionRecord> Filtered(CitizenHelperDbContext db, GuidedSessionQuery query, StaffScope scope)
    {
        var rows = db.GuidedSessions.AsNoTracking().OnDays(g => g.UpdatedAt, query.From, query.To);
        if (!scope.IsAdmin)
        {
            var centers = scope.Centers.ToList();
            var seesDefault = staff.Value.DefaultCenterKey(knowledge.Current.Base) is { } fallback && centers.Contains(fallback);
            var escalations = db.Escalations.SeenBy(scope);
            rows = rows.Where(g => (g.Center != null && centers.Contains(g.Center))
                || (g.Center == null && seesDefault)
                || escalations.Any(e => e.ConversationId == g.ConversationId));
        }
        if (query.Procedure is { Length: > 0 } procedure)
        {
            rows = rows.Where(g => g.ProcedureCode == procedure);
        }
        rows = query.State switch
        {
            GuidedSessionState.Stuck => rows.Where(g => !g.Done),
            GuidedSessionState.Finished => rows.Where(g => g.Done),
            _ => rows,
        };
        return rows;
    }

    /// <summary>
    /// Counted by the database over every session the filters match (not only the listed ones): per procedure and
    /// place, how many guides are there and finished or not, with their help requests; and the ratings given in them.
    /// </summary>
    public async Task<GuidedSessionTotals> TotalsAsync(GuidedSessionQuery query, StaffScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = Filtered(db, query, scope);
        var places = await rows.GroupBy(g => new { g.ProcedureCode, g.Position, g.Done })
            .Select(x => new GuidedPlaceCount(x.Key.ProcedureCode, x.Key.Position, x.Key.Done, x.Count(), x.Sum(g => g.HelpRequests)))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var ratings = await db.Ratings.AsNoTracking()
            .Where(r => rows.Any(g => g.ConversationId == r.ConversationId && g.ProcedureCode == r.ProcedureCode && r.At >= g.StartedAt))
            .GroupBy(r => new { r.ProcedureCode, r.Helpful })
            .Select(x => new { x.Key.ProcedureCode, x.Key.Helpful, Count = x.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new GuidedSessionTotals(places, [.. ratings.Select(r => new GuidedRatingCount(r.ProcedureCode, r.Helpful, r.Count))]);
    }

    /// <summary>The whole session a row holds (its answers, the glossary terms explained), for the console.</summary>
    public static GuidedSession? Session(GuidedSessionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return JsonSerializer.Deserialize<GuidedSession>(record.SessionJson, Json);
    }
}

/// <summary>Unfinished (left or stopped midway) or finished guides.</summary>
public enum GuidedSessionState
{
    Stuck,
    Finished,
}

/// <summary>Filters of the staff's view of guided sessions; every one optional. Dates are of the last activity (UTC).</summary>
public sealed record GuidedSessionQuery
{
    public string? Procedure { get; init; }
    public GuidedSessionState? State { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public int Take { get; init; } = 200;
}

/// <summary>Sessions at one place of one procedure (finished ones are at "done").</summary>
public sealed record GuidedPlaceCount(string? ProcedureCode, string Position, bool Done, int Sessions, int HelpRequests);

public sealed record GuidedRatingCount(string? ProcedureCode, bool Helpful, int Count);

public sealed record GuidedSessionTotals(IReadOnlyList<GuidedPlaceCount> Places, IReadOnlyList<GuidedRatingCount> Ratings);

/// <summary>A session as staff see it: with the latest escalation from its conversation and the resident's rating, when there are.</summary>
public sealed record GuidedSessionView(GuidedSessionRecord Record, string? EscalationReference, bool? Helpful);

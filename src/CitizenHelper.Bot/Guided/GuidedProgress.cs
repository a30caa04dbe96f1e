namespace CitizenHelper.Bot.Guided;

/// <summary>
/// Keeps guided sessions: every move is saved, stamped with its time, before anything is sent, so a dropped
/// connection or another device picks up at the same place.
/// </summary>
public sealed class GuidedProgress(IGuidedSessionStore sessions, TimeProvider clock)
{
    public DateTimeOffset Now => clock.GetUtcNow();

    public Task SaveAsync(GuidedSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return sessions.SaveAsync(session with { UpdatedAt = clock.GetUtcNow() }, cancellationToken);
    }

    /// <summary>The conversation's session that is not done: the one going on, else the latest stopped one.</summary>
    public Task<GuidedSession?> LatestOpenAsync(string conversationId, CancellationToken cancellationToken) =>
        sessions.LatestOpenAsync(conversationId, cancellationToken);
}

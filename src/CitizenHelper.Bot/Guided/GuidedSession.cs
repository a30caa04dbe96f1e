namespace CitizenHelper.Bot.Guided;

/// <summary>Where a guided session is: choosing the procedure, then the checklist, what is missing, the steps, where to go, done.</summary>
public enum GuidedStage
{
    Choosing,
    Documents,
    Missing,
    Steps,
    Where,
    Done,
}

/// <summary>
/// One resident's walk through one procedure. Saved after every move, so the same conversation — or any other one
/// opened with the session's link (<c>?g=TOKEN</c>) — continues where it stopped, and staff see where people get stuck.
/// </summary>
public sealed record GuidedSession
{
    /// <summary>Unguessable id, in the resume link and in every button of the session.</summary>
    public required string Token { get; init; }

    /// <summary>The conversation the session now lives in (the latest one that opened it).</summary>
    public required string ConversationId { get; init; }

    public string? ProcedureCode { get; init; }
    public required string Language { get; init; }
    public GuidedStage Stage { get; init; }

    /// <summary>The document or step shown, counted from 0.</summary>
    public int Index { get; init; }

    /// <summary>One character per checklist document: <c>y</c> has it, <c>n</c> not yet, <c>-</c> not needed, <c>.</c> not asked.</summary>
    public string Answers { get; init; } = "";

    /// <summary>The commune or ward the resident named, as the centers list spells it.</summary>
    public string? Unit { get; init; }

    /// <summary>Glossary terms already explained in this session (each is explained the first time it comes up).</summary>
    public IReadOnlyList<string> Explained { get; init; } = [];

    /// <summary>The resident said stop; the session waits to be continued.</summary>
    public bool Stopped { get; init; }

    /// <summary>How often the resident asked for a simpler wording, an explanation, or staff: where the text is hard.</summary>
    public int HelpRequests { get; init; }

    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Where the session is, as buttons carry it: a button from another position is stale.</summary>
    public string Position => Stage is GuidedStage.Documents or GuidedStage.Steps ? $"{Stage}:{Index}".ToLowerInvariant() : Stage.ToString().ToLowerInvariant();

    public bool Active => !Stopped && Stage is not GuidedStage.Done;

    public IEnumerable<int> Missing => Answers.Select((a, i) => (a, i)).Where(x => x.a == 'n').Select(x => x.i);
}

/// <summary>Where guided sessions are kept.</summary>
public interface IGuidedSessionStore
{
    Task<GuidedSession?> FindAsync(string token, CancellationToken cancellationToken);

    /// <summary>The conversation's session that is not done: the one going on, else the latest stopped one.</summary>
    Task<GuidedSession?> LatestOpenAsync(string conversationId, CancellationToken cancellationToken);

    Task SaveAsync(GuidedSession session, CancellationToken cancellationToken);
}

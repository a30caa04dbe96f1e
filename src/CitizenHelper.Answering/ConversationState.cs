namespace CitizenHelper.Answering;

/// <summary>What the bot remembers about a conversation between turns; stored with the conversation.</summary>
public sealed record ConversationState
{
    public static ConversationState New { get; } = new();

    public string? Language { get; init; }

    /// <summary>A language the citizen chose that the knowledge base may not have (e.g. "km"); answers are translated into it.</summary>
    public string? PreferredLanguage { get; init; }
    /// <summary>The document under discussion: a procedure code or <c>help/ID</c>.</summary>
    public string? DocumentKey { get; init; }
    public IReadOnlyList<string> LastFacets { get; init; } = [];

    /// <summary>
    /// The province the citizen is in, once they named it (or a commune of it): picks the province's own version of a
    /// procedure that several provinces publish under one title.
    /// </summary>
    public string? Province { get; init; }

    /// <summary>
    /// The commune or ward the citizen named last (its unit code), when the name settled which: the center the
    /// conversation's questions are counted for on the staff dashboard, as its escalations are routed.
    /// </summary>
    public string? Commune { get; init; }

    /// <summary>
    /// The other documents the question that chose <see cref="DocumentKey"/> may have meant, best first: offered as
    /// buttons when the citizen says "không phải cái đó" without naming what they meant.
    /// </summary>
    public IReadOnlyList<string> Alternatives { get; init; } = [];

    /// <summary>Procedure codes offered in the last clarifying question.</summary>
    public IReadOnlyList<string> PendingChoices { get; init; } = [];

    /// <summary>The escalation a call-back number is awaited for (empty: the latest), after the citizen chose to leave one.</summary>
    public string? AwaitingCallbackFor { get; init; }
}

namespace CitizenHelper.Answering;

/// <summary>What happened to a question; integrators read it from <c>channelData.citizenHelper.outcome</c>.</summary>
public enum AnswerOutcome
{
    Answered,
    Clarify,
    Escalated,
    SmallTalk,
}

/// <summary>Why a question went to staff.</summary>
public enum EscalationReason
{
    NoMatch,
    LowConfidence,
    AskedForPerson,

    /// <summary>A guardrail refused the request (instructions injected, another person's data asked for).</summary>
    Guardrail,

    /// <summary>The citizen marked an answer as not helpful.</summary>
    NotHelpful,

    /// <summary>A photo the citizen sent had no QR code we could read, or several: staff look at the photo.</summary>
    QrUnreadable,
}

/// <summary>Why the assistant refused a request; counted as a metric and recorded as an outcome for the dashboard.</summary>
public enum Refusal
{
    /// <summary>Instructions injected or a jailbreak attempted.</summary>
    Injection,

    /// <summary>Another person's records or personal data asked for.</summary>
    OthersData,

    /// <summary>Not an administrative matter (weather, prices, health, beliefs, chit-chat).</summary>
    OffTopic,

    /// <summary>Forged papers, false statements, another's identity or a bribe asked about; the lawful procedure is offered.</summary>
    Wrongdoing,
}

/// <summary>A knowledge-base document an answer came from.</summary>
public sealed record Citation(string Title, string DocumentPath, Uri Url, string Abstract, DateOnly Verified);

/// <summary>A button offered with an answer: the title is shown, the value is sent back as the citizen's message.</summary>
public sealed record SuggestedReply(string Title, string Value);

/// <summary>The channel-free result of answering one message.</summary>
public sealed record Answer
{
    public required AnswerOutcome Outcome { get; init; }

    /// <summary>Markdown text, with [n] markers pointing into <see cref="Citations"/>.</summary>
    public required string Text { get; init; }

    public required string Language { get; init; }
    /// <summary>The document the answer comes from: a procedure code or <c>help/ID</c>.</summary>
    public string? DocumentKey { get; init; }

    /// <summary>The national procedure code, when the answer is about a procedure.</summary>
    public string? ProcedureCode => DocumentKey is { } key && !key.StartsWith(Knowledge.HelpTopic.KeyPrefix, StringComparison.Ordinal) ? key : null;
    public IReadOnlyList<string> Facets { get; init; } = [];
    public IReadOnlyList<Citation> Citations { get; init; } = [];
    public IReadOnlyList<SuggestedReply> Suggestions { get; init; } = [];
    public EscalationReason? EscalationReason { get; init; }

    /// <summary>Set when a guardrail refused the request.</summary>
    public Refusal? Refusal { get; init; }

    /// <summary>True when an LLM reworded the answer (its facts still checked against the document).</summary>
    public bool Rephrased { get; init; }

    /// <summary>
    /// The language the citizen asked for when the knowledge base has no text in it (e.g. "km"). With
    /// <see cref="MachineTranslated"/> the text is an LLM translation of the <see cref="Language"/> answer; without,
    /// the text is in <see cref="Language"/> with a note that the wanted language is not available.
    /// </summary>
    public string? RequestedLanguage { get; init; }

    /// <summary>True when the text was machine-translated from the <see cref="Language"/> document; the original is one tap away.</summary>
    public bool MachineTranslated { get; init; }

    /// <summary>Short code the citizen can quote to staff, when the question was escalated.</summary>
    public string? EscalationReference { get; init; }
}

namespace CitizenHelper.Storage;

/// <summary>A conversation on any channel, with the bot's state for it.</summary>
public sealed class ConversationRecord
{
    public required string Id { get; set; }
    public required string ChannelId { get; set; }
    public string? UserId { get; set; }
    public string? Locale { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }

    /// <summary>For conversations of a Bot Framework channel (<c>/api/messages</c>): where later messages are sent.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The answering pipeline's <c>ConversationState</c>, as JSON.</summary>
    public string StateJson { get; set; } = "{}";
}

/// <summary>
/// One activity of a conversation, as delivered to its client. <see cref="Sequence"/> is global and only grows,
/// so it serves as the Direct Line watermark.
/// </summary>
public sealed class ActivityRecord
{
    public long Sequence { get; set; }
    public required string ConversationId { get; set; }
    public required string ActivityId { get; set; }
    public required string Type { get; set; }
    public required string FromRole { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public required string Json { get; set; }

    /// <summary>True until the bot has handled this activity; a restart picks up where it left off.</summary>
    public bool AwaitingTurn { get; set; }

    /// <summary>False for activities the bot sees but the client must not (the raised conversationUpdate).</summary>
    public bool VisibleToClient { get; set; } = true;

    /// <summary>
    /// With several instances on one database: until when the instance running this turn holds it (it renews the
    /// lease while it runs). A turn awaiting past its lease lost its instance and is taken by another. Null with one instance.
    /// </summary>
    public DateTimeOffset? TurnLeaseUntil { get; set; }
}

/// <summary>A Data Protection key (XML), shared by every instance so a cookie or antiforgery token of one opens on all.</summary>
public sealed class DataProtectionKeyRecord
{
    public int Id { get; set; }
    public string? FriendlyName { get; set; }
    public required string Xml { get; set; }
}

/// <summary>A fixed-window rate-limit count shared by every instance: the requests of one key in the current window.</summary>
public sealed class RateCounterRecord
{
    public required string Key { get; set; }
    public DateTimeOffset WindowStart { get; set; }
    public int Count { get; set; }
}

/// <summary>A file a citizen uploaded into a conversation, kept in the database so every instance can serve it.</summary>
public sealed class AttachmentRecord
{
    public required string Id { get; set; }
    public required string ConversationId { get; set; }
    public required string ContentType { get; set; }
    public required string Name { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The content's length in bytes, kept so the daily upload bounds are summed without reading the files.</summary>
    public long Size { get; set; }

    /// <summary>Who uploaded it: a keyed hash of the client address (never the address), for the per-address daily bound.</summary>
    public string? Uploader { get; set; }
}

public enum EscalationStatus
{
    Open,
    Assigned,
    Answered,
    Resolved,
}

/// <summary>A question staff must answer. Text and transcript are stored with personal identifiers redacted.</summary>
public sealed class EscalationRecord
{
    public long Id { get; set; }
    public required string Reference { get; set; }
    public required string ConversationId { get; set; }
    public required string Reason { get; set; }
    public required string Question { get; set; }
    public required string Language { get; set; }
    public string? ProcedureCode { get; set; }
    public EscalationStatus Status { get; set; }
    public required string Transcript { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The day (UTC) of <see cref="CreatedAt"/>, kept so the dashboard can count per day in the database.</summary>
    public DateOnly CreatedOn { get; set; }

    /// <summary>When it last changed: also its version, which an action must still find to change it.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The staff member who took it (their e-mail), once assigned.</summary>
    public string? AssignedTo { get; set; }

    /// <summary>When staff first replied into the conversation.</summary>
    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>Seconds from <see cref="CreatedAt"/> to <see cref="AnsweredAt"/>, kept so the database can find the median.</summary>
    public int? SecondsToReply { get; set; }

    /// <summary>The center (its commune or ward, as named in knowledge/centers) whose staff handle it; null when unknown (admins route it).</summary>
    public string? Center { get; set; }

    /// <summary>
    /// A phone number the citizen chose to leave for a call-back: kept apart from the redacted transcript, shown
    /// only to staff of <see cref="Center"/>, and deleted after the retention period.
    /// </summary>
    public string? CallbackPhone { get; set; }

    public DateTimeOffset? CallbackLeftAt { get; set; }
}

/// <summary>
/// A staff reply to an escalation, recorded in the same transaction that marks the escalation answered and then put
/// into the citizen's conversation. Its activity ids are chosen when it is recorded, so a delivery tried again after
/// a crash stores each activity once (activity ids are unique); <see cref="DeliveredAt"/> is null until it is there.
/// </summary>
public sealed class StaffReplyRecord
{
    public long Id { get; set; }

    /// <summary>The escalation it answers.</summary>
    public required string Reference { get; set; }

    public required string ConversationId { get; set; }

    /// <summary>The id of the reply's message activity in the conversation.</summary>
    public required string ActivityId { get; set; }

    /// <summary>The id of the hand-off event that goes before the escalation's first reply; null for later replies.</summary>
    public string? HandoffActivityId { get; set; }

    public required string Text { get; set; }

    /// <summary>The locale the message carries (the escalation's language).</summary>
    public required string Locale { get; set; }

    /// <summary>The staff member who wrote it (their e-mail).</summary>
    public required string Actor { get; set; }

    /// <summary>When it was recorded: the version the escalation was given by the reply.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it was stored in the conversation; null while delivery is pending.</summary>
    public DateTimeOffset? DeliveredAt { get; set; }
}

/// <summary>What happened to one question (answered, clarify, escalated, smalltalk, refused-…), for the staff dashboard.</summary>
public sealed class OutcomeRecord
{
    public long Id { get; set; }
    public required string ConversationId { get; set; }
    public required string Outcome { get; set; }
    public string? ProcedureCode { get; set; }
    public required string Language { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>The day (UTC) of <see cref="At"/>, kept so the dashboard can count per day in the database.</summary>
    public DateOnly Day { get; set; }

    /// <summary>
    /// The center the conversation belongs to when the question was asked, by the escalations' rule (the commune the
    /// citizen named last, else <c>Staff:DefaultCenter</c>); null when neither is known. Lets a center see its containment.
    /// </summary>
    public string? Center { get; set; }
}

/// <summary>A citizen's "helpful / not helpful" on an answer.</summary>
public sealed class RatingRecord
{
    public long Id { get; set; }
    public required string ConversationId { get; set; }
    public string? ProcedureCode { get; set; }
    public bool Helpful { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>What a staff member did, kept for accountability.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string Subject { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>What it was about, briefly (a file written, a center routed to); never personal data.</summary>
    public string? Detail { get; set; }
}

/// <summary>
/// A resident's guided walk through a procedure (the whole session as JSON), with the columns staff look at:
/// which procedure, where it stands, whether it was stopped, how often help was asked. No text the resident typed.
/// </summary>
public sealed class GuidedSessionRecord
{
    public required string Token { get; set; }
    public required string ConversationId { get; set; }
    public string? ProcedureCode { get; set; }
    public required string Language { get; set; }
    public required string Position { get; set; }
    public bool Stopped { get; set; }
    public bool Done { get; set; }
    public int HelpRequests { get; set; }

    /// <summary>The center of the commune or ward the resident named (a unit name of knowledge/centers); decides which staff see it.</summary>
    public string? Center { get; set; }

    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string SessionJson { get; set; }
}

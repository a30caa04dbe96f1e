namespace CitizenHelper.Storage.Zalo;

/// <summary>
/// A Zalo webhook event taken (by its message id, or its kind, user and time). It is written before Zalo is answered
/// 200 and handled from here, so an event taken is not lost when the service stops before handling it; the row stays a
/// while after, so a retried delivery is ignored.
/// </summary>
public sealed class ZaloInboxEvent
{
    /// <summary>Arrival order: events are handled in it.</summary>
    public long Id { get; set; }
    public required string EventId { get; set; }

    /// <summary>The event as the channel reads it (JSON); null once handled, so a citizen's words are not kept here.</summary>
    public string? Json { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? HandledAt { get; set; }

    /// <summary>Failed attempts at handling it; it is given up (with a log line) after a few.</summary>
    public int Attempts { get; set; }
}

/// <summary>A Zalo user who wrote to the Official Account: their conversation and when they last wrote (the customer-service window).</summary>
public sealed class ZaloContact
{
    public required string UserId { get; set; }
    public required string ConversationId { get; set; }
    public DateTimeOffset LastInteractionAt { get; set; }

    /// <summary>The citizen's last message id: a reply that names it counts as a reply, not an unprompted message.</summary>
    public string? LastMessageId { get; set; }
    public bool Following { get; set; } = true;
}

public enum ZaloOutboxState
{
    /// <summary>To send at <see cref="ZaloOutboxMessage.NextAttemptAt"/>.</summary>
    Pending,

    /// <summary>Outside the customer-service window: sent when the citizen writes again.</summary>
    Waiting,
    Sent,

    /// <summary>Given up (the user blocked the OA, a message Zalo refuses): logged, kept for the console.</summary>
    Failed,
}

/// <summary>
/// A message for a Zalo user, written before it is sent (the bot's reply, a staff reply), so a crash, an expired
/// token or Zalo being down loses nothing: the sender tries again with backoff until Zalo takes it or refuses it for good.
/// </summary>
public sealed class ZaloOutboxMessage
{
    public long Id { get; set; }

    /// <summary>The conversation's activity this sends; one row per activity.</summary>
    public required string ActivityId { get; set; }
    public required string UserId { get; set; }
    public required string ConversationId { get; set; }

    /// <summary>The activity as JSON; turned into Zalo messages when sent.</summary>
    public required string ActivityJson { get; set; }
    public ZaloOutboxState State { get; set; }
    public int Attempts { get; set; }

    /// <summary>How many of the activity's Zalo messages went out already (a long text is several).</summary>
    public int PartsSent { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int? LastError { get; set; }
}

/// <summary>The OA's tokens, protected with ASP.NET Data Protection: the refresh token rotates at every refresh and must outlive a restart.</summary>
public sealed class ZaloTokenRecord
{
    public int Id { get; set; }
    public required string ProtectedAccessToken { get; set; }
    public required string ProtectedRefreshToken { get; set; }
    public DateTimeOffset AccessTokenExpiresAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

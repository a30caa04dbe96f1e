namespace CitizenHelper.Web.Zalo;

/// <summary>The Zalo Official Account channel (section "Zalo"); off unless <see cref="AppId"/> is set.</summary>
public sealed class ZaloOptions
{
    public const string SectionName = "Zalo";

    /// <summary>The Zalo app linked to the OA (developers.zalo.me). Empty: the channel is off.</summary>
    public string AppId { get; set; } = "";

    /// <summary>The app's secret key, sent with token refreshes.</summary>
    public string AppSecret { get; set; } = "";

    /// <summary>The OA secret key of the app's link to the OA: webhook events are signed with it (not the app secret).</summary>
    public string OaSecretKey { get; set; } = "";

    /// <summary>
    /// The refresh token from the OA's authorisation, used once at the first start; after that the rotated one kept in
    /// the database is used, and this one may be removed.
    /// </summary>
    public string InitialRefreshToken { get; set; } = "";

    /// <summary>The Open API (customer-service messages).</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://openapi.zalo.me");

    /// <summary>The OAuth server (token refresh).</summary>
    public Uri OAuthBaseUrl { get; set; } = new("https://oauth.zaloapp.com");

    /// <summary>The notification (ZNS) API, used only with <see cref="NotificationTemplateId"/>.</summary>
    public Uri NotificationBaseUrl { get; set; } = new("https://business.openapi.zalo.me");

    /// <summary>
    /// An approved notification template that tells a citizen a staff reply is waiting (one parameter, "reference").
    /// Empty: a staff reply outside the window waits for the citizen's next message.
    /// </summary>
    public string NotificationTemplateId { get; set; } = "";

    /// <summary>Hosts photos may be fetched from (Zalo's CDN). A leading "*." takes subdomains.</summary>
    public IList<string> ImageHosts { get; set; } = [];

    /// <summary>How long after the citizen's last message the OA may send customer-service messages.</summary>
    public TimeSpan InteractionWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>An event's timestamp may be this far from now; older (or future) ones are refused as replays.</summary>
    public TimeSpan EventMaxAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The access token is refreshed this long before it expires.</summary>
    public TimeSpan RefreshBefore { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Largest webhook body, in bytes.</summary>
    public int MaxEventBytes { get; set; } = 64 * 1024;

    /// <summary>Largest photo fetched, in bytes.</summary>
    public int MaxImageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Events waiting for the background worker; more are refused with 503, and Zalo retries them.</summary>
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Webhook requests per minute over all of Zalo's addresses.</summary>
    public int EventsPerMinute { get; set; } = 1200;

    /// <summary>Messages one Zalo user may send per minute; more are dropped with a log line.</summary>
    public int MessagesPerUserPerMinute { get; set; } = 20;

    /// <summary>The longest text in one message; longer replies are split (at paragraphs, lines, then words).</summary>
    public int MaxTextLength { get; set; } = 2000;

    /// <summary>Attempts at a message before it is given up (with a log line); backoff doubles from <see cref="RetryDelay"/>.</summary>
    public int MaxAttempts { get; set; } = 8;
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether the channel is on.</summary>
    public bool Enabled => AppId.Length > 0;

    public IEnumerable<string> Validate()
    {
        if (!Enabled)
        {
            yield break;
        }
        if (AppSecret.Length == 0)
        {
            yield return $"{SectionName}:{nameof(AppSecret)} is required when {SectionName}:{nameof(AppId)} is set.";
        }
        if (OaSecretKey.Length == 0)
        {
            yield return $"{SectionName}:{nameof(OaSecretKey)} is required when {SectionName}:{nameof(AppId)} is set (events cannot be verified without it).";
        }
        foreach (var (name, url) in new[] { (nameof(ApiBaseUrl), ApiBaseUrl), (nameof(OAuthBaseUrl), OAuthBaseUrl), (nameof(NotificationBaseUrl), NotificationBaseUrl) })
        {
            if (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http"))
            {
                yield return $"{SectionName}:{name} must be an absolute http(s) URL, not '{url}'.";
            }
        }
        if (InteractionWindow <= TimeSpan.Zero || InteractionWindow > TimeSpan.FromDays(7))
        {
            yield return $"{SectionName}:{nameof(InteractionWindow)} must be more than 0 and at most 7.00:00:00 (Zalo's own window), not {InteractionWindow}.";
        }
        if (EventMaxAge < TimeSpan.FromSeconds(30) || EventMaxAge > TimeSpan.FromHours(1))
        {
            yield return $"{SectionName}:{nameof(EventMaxAge)} must be between 00:00:30 and 01:00:00, not {EventMaxAge}.";
        }
        if (RefreshBefore < TimeSpan.FromMinutes(1) || RefreshBefore > TimeSpan.FromHours(12))
        {
            yield return $"{SectionName}:{nameof(RefreshBefore)} must be between 00:01:00 and 12:00:00, not {RefreshBefore}.";
        }
        if (MaxEventBytes is < 1024 or > 1024 * 1024)
        {
            yield return $"{SectionName}:{nameof(MaxEventBytes)} must be between 1024 and 1048576, not {MaxEventBytes}.";
        }
        if (MaxImageBytes is < 1024 or > 20 * 1024 * 1024)
        {
            yield return $"{SectionName}:{nameof(MaxImageBytes)} must be between 1024 and 20971520, not {MaxImageBytes}.";
        }
        if (QueueCapacity is < 1 or > 100_000)
        {
            yield return $"{SectionName}:{nameof(QueueCapacity)} must be between 1 and 100000, not {QueueCapacity}.";
        }
        if (EventsPerMinute < 1 || MessagesPerUserPerMinute < 1)
        {
            yield return $"{SectionName}:{nameof(EventsPerMinute)} and {SectionName}:{nameof(MessagesPerUserPerMinute)} must be at least 1.";
        }
        if (MaxTextLength is < 100 or > 2000)
        {
            yield return $"{SectionName}:{nameof(MaxTextLength)} must be between 100 and 2000, not {MaxTextLength}.";
        }
        if (MaxAttempts is < 1 or > 50 || RetryDelay < TimeSpan.FromMilliseconds(10) || RetryDelay > TimeSpan.FromHours(1))
        {
            yield return $"{SectionName}:{nameof(MaxAttempts)} must be 1 to 50 and {SectionName}:{nameof(RetryDelay)} between 00:00:00.010 and 01:00:00.";
        }
        foreach (var host in ImageHosts)
        {
            if (string.IsNullOrWhiteSpace(host) || host.Contains('/', StringComparison.Ordinal) || host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
            {
                yield return $"{SectionName}:{nameof(ImageHosts)} takes host names such as '*.zdn.vn', not '{host}'.";
            }
        }
    }

    /// <summary>Whether a photo may be fetched from <paramref name="host"/>.</summary>
    public bool AllowsImageHost(string host) => ImageHosts.Any(allowed => allowed.StartsWith("*.", StringComparison.Ordinal)
        ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase)
        : string.Equals(host, allowed, StringComparison.OrdinalIgnoreCase));
}

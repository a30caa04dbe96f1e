namespace CitizenHelper.Web.Options;

/// <summary>Direct Line 3.0 channel settings (section "DirectLine").</summary>
public sealed class DirectLineOptions
{
    public const string SectionName = "DirectLine";
    public const int MinSecretLength = 32;

    /// <summary>The secret that trusted callers (a site's token server) use; tokens are signed with it.</summary>
    public string Secret { get; set; } = "";

    /// <summary>Lifetime of a conversation token; Web Chat refreshes it every 15 minutes.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Origins (scheme://host[:port]) whose pages may call Direct Line from a browser.</summary>
    public IList<string> AllowedOrigins { get; set; } = [];

    /// <summary>Largest activity a client may post, in bytes.</summary>
    public int MaxActivityBytes { get; set; } = 16 * 1024;

    /// <summary>Largest upload (all files of one request together), in bytes.</summary>
    public int MaxUploadBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most files in one upload.</summary>
    public int MaxUploadFiles { get; set; } = 3;

    /// <summary>Files one conversation may upload in 24 hours: a citizen shows a few papers, not a photo album.</summary>
    public int UploadFilesPerConversationPerDay { get; set; } = 10;

    /// <summary>Bytes one conversation may upload in 24 hours.</summary>
    public long UploadBytesPerConversationPerDay { get; set; } = 20L * 1024 * 1024;

    /// <summary>
    /// Files one client address may upload in 24 hours over all its conversations (a new token is a new
    /// conversation). A commune's shared Wi-Fi is one address for many citizens: keep it generous.
    /// </summary>
    public int UploadFilesPerAddressPerDay { get; set; } = 200;

    /// <summary>Bytes one client address may upload in 24 hours over all its conversations.</summary>
    public long UploadBytesPerAddressPerDay { get; set; } = 200L * 1024 * 1024;

    /// <summary>Anonymous widget tokens a client address may get per minute.</summary>
    public int WidgetTokensPerMinute { get; set; } = 10;

    /// <summary>Activities one conversation may post per minute.</summary>
    public int ActivitiesPerMinute { get; set; } = 30;

    /// <summary>
    /// Activities and uploads one client address may post per minute over all its conversations (a new token is
    /// a new conversation, so the per-conversation bound alone does not stop a flood). A commune's shared Wi-Fi is
    /// one address for many citizens: keep it generous.
    /// </summary>
    public int ActivitiesPerAddressPerMinute { get; set; } = 300;

    /// <summary>
    /// Posts (activities and uploads) one client address may send per minute whose token is missing, wrong or for
    /// another conversation. They are counted apart from the bounds above, so they never spend a citizen's budget.
    /// </summary>
    public int RefusedPostsPerAddressPerMinute { get; set; } = 60;

    /// <summary>
    /// The older place for reverse proxies (IP addresses), still read: they are added to ForwardedHeaders:KnownProxies,
    /// where proxies are named now (they serve the console too, not only Direct Line).
    /// </summary>
    public IList<string> KnownProxies { get; set; } = [];

    public IEnumerable<string> Validate()
    {
        if (Secret.Length < MinSecretLength)
        {
            yield return $"{SectionName}:{nameof(Secret)} must be at least {MinSecretLength} characters (leave it empty in Development to generate one).";
        }
        if (TokenLifetime < TimeSpan.FromMinutes(1) || TokenLifetime > TimeSpan.FromHours(24))
        {
            yield return $"{SectionName}:{nameof(TokenLifetime)} must be between 00:01:00 and 1.00:00:00, not {TokenLifetime}.";
        }
        foreach (var origin in AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || origin.EndsWith('/'))
            {
                yield return $"{SectionName}:{nameof(AllowedOrigins)} entry '{origin}' must be an origin such as https://example.gov.vn (no path, no trailing slash).";
            }
        }
        if (MaxActivityBytes is < 1024 or > 1024 * 1024)
        {
            yield return $"{SectionName}:{nameof(MaxActivityBytes)} must be between 1024 and 1048576.";
        }
        if (MaxUploadBytes is < 1024 or > 50 * 1024 * 1024)
        {
            yield return $"{SectionName}:{nameof(MaxUploadBytes)} must be between 1024 and 52428800.";
        }
        if (MaxUploadFiles is < 1 or > 20)
        {
            yield return $"{SectionName}:{nameof(MaxUploadFiles)} must be between 1 and 20.";
        }
        if (UploadFilesPerConversationPerDay < 1 || UploadFilesPerAddressPerDay < UploadFilesPerConversationPerDay)
        {
            yield return $"{SectionName}:{nameof(UploadFilesPerConversationPerDay)} must be at least 1, and {SectionName}:{nameof(UploadFilesPerAddressPerDay)} at least as many.";
        }
        if (UploadBytesPerConversationPerDay < MaxUploadBytes || UploadBytesPerAddressPerDay < UploadBytesPerConversationPerDay)
        {
            yield return $"{SectionName}:{nameof(UploadBytesPerConversationPerDay)} must be at least {SectionName}:{nameof(MaxUploadBytes)}, and {SectionName}:{nameof(UploadBytesPerAddressPerDay)} at least as many.";
        }
        if (WidgetTokensPerMinute < 1)
        {
            yield return $"{SectionName}:{nameof(WidgetTokensPerMinute)} must be at least 1.";
        }
        if (ActivitiesPerMinute < 1)
        {
            yield return $"{SectionName}:{nameof(ActivitiesPerMinute)} must be at least 1.";
        }
        if (ActivitiesPerAddressPerMinute < ActivitiesPerMinute)
        {
            yield return $"{SectionName}:{nameof(ActivitiesPerAddressPerMinute)} must be at least {SectionName}:{nameof(ActivitiesPerMinute)}.";
        }
        if (RefusedPostsPerAddressPerMinute < 1)
        {
            yield return $"{SectionName}:{nameof(RefusedPostsPerAddressPerMinute)} must be at least 1.";
        }
        foreach (var proxy in KnownProxies.Where(p => !System.Net.IPAddress.TryParse(p, out _)))
        {
            yield return $"{SectionName}:{nameof(KnownProxies)} '{proxy}' is not an IP address.";
        }
    }
}

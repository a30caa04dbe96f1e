using CitizenHelper.Knowledge;

namespace CitizenHelper.Web.Options;

/// <summary>Where the knowledge base is (section "Knowledge").</summary>
public sealed class KnowledgeOptions
{
    public const string SectionName = "Knowledge";

    /// <summary>The knowledge base folder; a relative path is looked up from the working folder, then from the content root upwards.</summary>
    public string Path { get; set; } = "knowledge";

    /// <summary>The folder actually used, resolved at start-up.</summary>
    public string ResolvedPath { get; set; } = "";

    /// <summary>
    /// Answer questions about every national procedure from the National Public Service Portal's catalog (who handles
    /// it, how to submit), not only the procedures with a document of ours. On by default; false turns it off.
    /// </summary>
    public bool UseCatalog { get; set; } = true;

    /// <summary>
    /// The catalog (JSON lines, or .gz); a relative path is taken from the knowledge folder. Empty: the bundled one,
    /// <c>portal/catalog.jsonl.gz</c> under the knowledge folder (a knowledge folder without it runs without a catalog).
    /// </summary>
    public string CatalogPath { get; set; } = "";

    /// <summary>The catalog file actually used, or null when <see cref="UseCatalog"/> is off or the folder bundles none.</summary>
    public string? ResolvedCatalogPath => !UseCatalog ? null
        : CatalogPath.Length > 0 ? System.IO.Path.Combine(ResolvedPath, CatalogPath)
        : System.IO.Path.Combine(ResolvedPath, KnowledgeLoader.BundledCatalog) is var bundled && File.Exists(bundled) ? bundled
        : null;

    /// <summary>
    /// Where trained question classifiers are kept, so a restart with the same knowledge loads the model instead of
    /// training it (seconds at the bundled size); a relative path is taken from the working folder, like the SQLite
    /// database. Empty turns the cache off.
    /// </summary>
    public string CacheFolder { get; set; } = "data/cache";

    /// <summary>
    /// One full compacting collection after each knowledge load, so the load's garbage does not stay resident (#21).
    /// On by default; test hosts that share one process turn it off (each would stop every other).
    /// </summary>
    public bool CompactAfterLoad { get; set; } = true;

    /// <summary>
    /// The candidate ranker read or trained in the background after each knowledge load, not by the first question
    /// that needs it (#16). On by default; test hosts that share one process and one knowledge base turn it off.
    /// </summary>
    public bool TrainRankerAfterLoad { get; set; } = true;

    /// <summary>The cache folder as a full path, or null when the cache is off.</summary>
    public string? ResolvedCacheFolder => CacheFolder.Length == 0 ? null : System.IO.Path.GetFullPath(CacheFolder);

    public IEnumerable<string> Validate()
    {
        if (ResolvedCacheFolder is { } cache && ResolvedPath.Length > 0
            && (cache + System.IO.Path.DirectorySeparatorChar).StartsWith(System.IO.Path.GetFullPath(ResolvedPath).TrimEnd(System.IO.Path.DirectorySeparatorChar) + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            // Every file written there would look like an edit of the knowledge base and reload it.
            yield return $"{SectionName}:{nameof(CacheFolder)} '{CacheFolder}' is inside the knowledge folder; choose a folder outside it, or empty to turn the cache off.";
        }
        if (!Directory.Exists(ResolvedPath))
        {
            yield return $"{SectionName}:{nameof(Path)} '{Path}' is not a folder that exists (looked in the working folder and above the content root).";
        }
        else if (ResolvedCatalogPath is { } catalog && !File.Exists(catalog))
        {
            yield return $"{SectionName}:{nameof(CatalogPath)} '{catalog}' is not a file that exists; set {SectionName}:{nameof(UseCatalog)} to false to run without the national catalog.";
        }
    }
}

/// <summary>Bot Framework channel registration (section "Bot"). Empty App ID: no channel authentication (Emulator mode).</summary>
public sealed class BotOptions
{
    public const string SectionName = "Bot";

    public string AppId { get; set; } = "";
    public string AppPassword { get; set; } = "";

    /// <summary>Where the channel's signing keys are published (refreshed daily). Tests point it at a local issuer.</summary>
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>The issuer channel tokens must carry.</summary>
    public string Issuer { get; set; } = "https://api.botframework.com";

    /// <summary>Where this bot gets its own token for replies (client credentials).</summary>
    public string TokenEndpoint { get; set; } = "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token";

    public string TokenScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>
    /// Without an App ID nothing is authenticated, so replies go only to these service URL hosts (the Emulator
    /// runs on this machine). With an App ID the channel's token vouches for the service URL.
    /// </summary>
    public IList<string> UnauthenticatedServiceHosts { get; set; } = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>
    /// Without an App ID nothing vouches for a caller, so <c>/api/messages</c> answers only when this is true —
    /// by default in Development (the Emulator on this machine), never silently in production.
    /// </summary>
    public bool? AllowUnauthenticated { get; set; }

    public bool Authenticated => AppId.Length > 0;

    public IEnumerable<string> Validate()
    {
        if (AppId.Length > 0 && AppPassword.Length == 0)
        {
            yield return $"{SectionName}:{nameof(AppPassword)} is required when {SectionName}:{nameof(AppId)} is set.";
        }
        foreach (var (name, value) in new[] { (nameof(OpenIdMetadataUrl), OpenIdMetadataUrl), (nameof(TokenEndpoint), TokenEndpoint) })
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                yield return $"{SectionName}:{name} must be an absolute http(s) address, not '{value}'.";
            }
        }
    }
}

/// <summary>The first administrator, created at start when no account exists (section "Staff:Admin").</summary>
public sealed class StaffAdminOptions
{
    public const string SectionName = "Staff:Admin";

    public string Email { get; set; } = "";
    public string Password { get; set; } = "";

    public IEnumerable<string> Validate()
    {
        if (Email.Length > 0 && !Email.Contains('@', StringComparison.Ordinal))
        {
            yield return $"{SectionName}:{nameof(Email)} '{Email}' is not an e-mail address.";
        }
        if (Email.Length > 0 && PasswordPolicy.Broken(Password) is { Count: > 0 } broken)
        {
            yield return $"{SectionName}:{nameof(Password)} does not meet the password policy: it needs {string.Join(", ", broken)} ({PasswordPolicy.Rule}).";
        }
    }
}

/// <summary>
/// The staff password rules (ASP.NET Core Identity's character rules, 12 characters at least), checked before the
/// first administrator is created so a weak configured password stops the start with one line naming the rule.
/// </summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 12;

    public const string Rule = "at least 12 characters, with an upper-case and a lower-case letter, a digit and a symbol";

    /// <summary>What the password lacks, in words; empty when it is accepted.</summary>
    public static List<string> Broken(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var broken = new List<string>();
        if (password.Length < MinimumLength)
        {
            broken.Add($"{MinimumLength} characters or more (it has {password.Length})");
        }
        if (!password.Any(char.IsAsciiLetterUpper))
        {
            broken.Add("an upper-case letter");
        }
        if (!password.Any(char.IsAsciiLetterLower))
        {
            broken.Add("a lower-case letter");
        }
        if (!password.Any(char.IsAsciiDigit))
        {
            broken.Add("a digit");
        }
        if (password.All(char.IsAsciiLetterOrDigit))
        {
            broken.Add("a symbol such as - or !");
        }
        return broken;
    }
}

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
    /// Optional: the National Public Service Portal's procedure catalog (JSON lines), so the bot recognises every
    /// procedure by name and code even without a document of ours. Empty: none.
    /// </summary>
    public string CatalogPath { get; set; } = "";

    public IEnumerable<string> Validate()
    {
        if (!Directory.Exists(ResolvedPath))
        {
            yield return $"{SectionName}:{nameof(Path)} '{Path}' is not a folder that exists (looked in the working folder and above the content root).";
        }
        if (CatalogPath.Length > 0 && !File.Exists(CatalogPath))
        {
            yield return $"{SectionName}:{nameof(CatalogPath)} '{CatalogPath}' is not a file that exists.";
        }
    }
}

/// <summary>Bot Framework channel registration (section "Bot"). Empty App ID: no channel authentication (Emulator mode).</summary>
public sealed class BotOptions
{
    public const string SectionName = "Bot";

    public string AppId { get; set; } = "";
    public string AppPassword { get; set; } = "";

    public IEnumerable<string> Validate()
    {
        if (AppId.Length > 0 && AppPassword.Length == 0)
        {
            yield return $"{SectionName}:{nameof(AppPassword)} is required when {SectionName}:{nameof(AppId)} is set.";
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
        if (Email.Length > 0 && Password.Length < 12)
        {
            yield return $"{SectionName}:{nameof(Password)} must be at least 12 characters when {SectionName}:{nameof(Email)} is set.";
        }
    }
}

namespace CitizenHelper.Web.Options;

/// <summary>Dossier status look-ups (section "Dossiers").</summary>
public sealed class DossierOptions
{
    public const string SectionName = "Dossiers";

    /// <summary>
    /// A folder whose <c>dossiers*.json</c> sample records are loaded into the database at start (demonstrations
    /// and tests). Empty: none loaded; a real one-stop-shop system is plugged in as an <c>IDossierStatusSource</c>.
    /// </summary>
    public string SeedPath { get; set; } = "";

    /// <summary>The folder actually used, resolved at start-up.</summary>
    public string ResolvedSeedPath { get; set; } = "";

    public IEnumerable<string> Validate()
    {
        if (SeedPath.Length > 0 && !Directory.Exists(ResolvedSeedPath))
        {
            yield return $"{SectionName}:{nameof(SeedPath)} '{SeedPath}' is not a folder that exists (looked in the working folder and above the content root).";
        }
    }
}

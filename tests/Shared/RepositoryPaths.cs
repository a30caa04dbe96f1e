namespace CitizenHelper.Tests;

/// <summary>Folders the tests read, found by walking up from the test output (the repository, and ../shared beside it).</summary>
internal static class RepositoryPaths
{
    /// <summary>The repository's bundled knowledge base.</summary>
    public static string Knowledge() =>
        Find("knowledge", path => Directory.Exists(Path.Combine(path, "procedures")));

    /// <summary>The National Public Service Portal samples in ../shared/reference/portal (CI has ../shared too).</summary>
    public static string PortalSamples() =>
        Find(Path.Combine("shared", "reference", "portal"), path => File.Exists(Path.Combine(path, "catalog.jsonl")));

    private static string Find(string relative, Func<string, bool> isIt)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (isIt(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"'{relative}' was not found above the test output {AppContext.BaseDirectory}.");
    }
}

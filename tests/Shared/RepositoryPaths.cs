namespace CitizenHelper.Tests;

/// <summary>Folders of the repository the tests read, found by walking up from the test output.</summary>
internal static class RepositoryPaths
{
    /// <summary>The repository's bundled knowledge base.</summary>
    public static string Knowledge() =>
        Find("knowledge", path => Directory.Exists(Path.Combine(path, "procedures")));

    /// <summary>The National Public Service Portal records and catalog bundled in knowledge/portal.</summary>
    public static string Portal() =>
        Find(Path.Combine("knowledge", "portal"), path => File.Exists(Path.Combine(path, "catalog.jsonl.gz")));

    /// <summary>The bundled national catalog (5,670 procedures, JSON lines, gzip).</summary>
    public static string Catalog() => Path.Combine(Portal(), "catalog.jsonl.gz");

    /// <summary>The bundled full records (502, JSON lines, gzip).</summary>
    public static string Records() => Path.Combine(Portal(), "records.jsonl.gz");

    /// <summary>The repository's src folder, one folder per project.</summary>
    public static string Sources() =>
        Find("src", path => Directory.Exists(Path.Combine(path, "CitizenHelper.Web")));

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

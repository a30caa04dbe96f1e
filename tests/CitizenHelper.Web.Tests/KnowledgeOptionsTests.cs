using CitizenHelper.Web.Options;

namespace CitizenHelper.Web.Tests;

/// <summary>The national catalog the knowledge folder bundles is loaded unless a setting turns it off.</summary>
public sealed class KnowledgeOptionsTests
{
    [Fact]
    public void TheBundledCatalogIsUsedByDefault()
    {
        var options = new KnowledgeOptions { ResolvedPath = RepositoryPaths.Knowledge() };

        Assert.Equal(Path.GetFullPath(RepositoryPaths.Catalog()), Path.GetFullPath(options.ResolvedCatalogPath!));
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void UseCatalogFalseTurnsItOff()
    {
        var options = new KnowledgeOptions { ResolvedPath = RepositoryPaths.Knowledge(), UseCatalog = false };

        Assert.Null(options.ResolvedCatalogPath);
    }

    [Fact]
    public void AKnowledgeFolderWithoutACatalogRunsWithoutOneButAMissingChosenFileIsRefused()
    {
        var empty = Directory.CreateTempSubdirectory("kb-").FullName;
        try
        {
            Assert.Null(new KnowledgeOptions { ResolvedPath = empty }.ResolvedCatalogPath);
            var error = Assert.Single(new KnowledgeOptions { ResolvedPath = empty, CatalogPath = "nowhere.jsonl.gz" }.Validate());
            Assert.Contains("Knowledge:CatalogPath", error, StringComparison.Ordinal);
            Assert.Contains("Knowledge:UseCatalog", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void TheClassifierCacheIsOnByDefaultAndEmptyTurnsItOff()
    {
        var options = new KnowledgeOptions { ResolvedPath = RepositoryPaths.Knowledge() };

        Assert.Equal(Path.GetFullPath("data/cache"), options.ResolvedCacheFolder);
        Assert.Null(new KnowledgeOptions { ResolvedPath = RepositoryPaths.Knowledge(), CacheFolder = "" }.ResolvedCacheFolder);
    }

    [Fact]
    public void AClassifierCacheInsideTheKnowledgeFolderIsRefused()
    {
        var knowledge = RepositoryPaths.Knowledge();

        var error = Assert.Single(new KnowledgeOptions { ResolvedPath = knowledge, CacheFolder = Path.Combine(knowledge, "cache") }.Validate());
        Assert.Contains("Knowledge:CacheFolder", error, StringComparison.Ordinal);
        Assert.Empty(new KnowledgeOptions { ResolvedPath = knowledge, CacheFolder = knowledge + "-cache" }.Validate());
    }
}

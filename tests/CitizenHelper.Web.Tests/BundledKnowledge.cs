using CitizenHelper.Answering;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge;
using CitizenHelper.Tests;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitizenHelper.Web.Tests;

/// <summary>
/// The bundled knowledge base, loaded once per test run and shared by every test host that does not name a knowledge
/// folder of its own (with the national catalog, as a host's default settings give it) and by the guided harnesses
/// (without it). Each host used to load it again (about a second of reading the cache and a few hundred MB each); a
/// snapshot is never changed in place, so sharing it changes no answer. What is parsed and trained is kept in
/// data/cache under the working folder, where the hosts keep theirs, so a second run reads it.
/// </summary>
internal static class BundledKnowledge
{
    private static readonly Lazy<KnowledgeProvider> WithCatalog = new(() => Load(withCatalog: true));
    private static readonly Lazy<KnowledgeProvider> Alone = new(() => Load(withCatalog: false));

    /// <summary>With the national catalog, as a test host's default settings load it.</summary>
    public static KnowledgeProvider Provider => WithCatalog.Value;

    /// <summary>Without the catalog, as the guided harnesses use it.</summary>
    public static KnowledgeProvider WithoutCatalog => Alone.Value;

    private static KnowledgeProvider Load(bool withCatalog)
    {
        var cache = Path.GetFullPath("data/cache");
        var root = RepositoryPaths.Knowledge();
        var provider = new KnowledgeProvider(
            root, withCatalog ? Path.Combine(root, KnowledgeLoader.BundledCatalog) : null, TimeProvider.System, NullLogger<KnowledgeProvider>.Instance,
            new ClassifierStore(cache), new KnowledgeCache(cache));
        _ = provider.Current;
        return provider;
    }
}

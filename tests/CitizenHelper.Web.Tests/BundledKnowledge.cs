using CitizenHelper.Answering;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge;
using CitizenHelper.Tests;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitizenHelper.Web.Tests;

/// <summary>
/// The bundled knowledge base with the national catalog, loaded once per test run and shared by every test host
/// that does not name a knowledge folder of its own. Each host used to load it again (about a second of reading
/// the cache and a few hundred MB each); the snapshot is never changed in place, so sharing it changes no answer.
/// It is what a host builds from its default settings: the repository's knowledge/, its bundled catalog and the
/// cache in data/cache under the working folder.
/// </summary>
internal static class BundledKnowledge
{
    private static readonly Lazy<KnowledgeProvider> Shared = new(() =>
    {
        var cache = Path.GetFullPath("data/cache");
        var root = RepositoryPaths.Knowledge();
        var provider = new KnowledgeProvider(
            root, Path.Combine(root, KnowledgeLoader.BundledCatalog), TimeProvider.System, NullLogger<KnowledgeProvider>.Instance,
            new ClassifierStore(cache), new KnowledgeCache(cache));
        _ = provider.Current;
        return provider;
    });

    public static KnowledgeProvider Provider => Shared.Value;
}

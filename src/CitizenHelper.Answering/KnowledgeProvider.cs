using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge;
using Microsoft.Extensions.Logging;

namespace CitizenHelper.Answering;

/// <summary>
/// A loaded knowledge base with its search index and question classifier (null without example questions: names
/// alone are the index's job); replaced whole on reload, never changed in place.</summary>
public sealed record KnowledgeSnapshot(KnowledgeBase Base, KnowledgeIndex Index, QuestionClassifier? Classifier);

/// <summary>
/// Holds the knowledge base the service answers from. A reload swaps in a new snapshot atomically; a file that
/// fails to parse keeps serving its last good version, so a broken edit never takes a procedure away.
/// </summary>
public sealed class KnowledgeProvider(string root, string? catalogPath, TimeProvider clock, ILogger<KnowledgeProvider> logger)
{
    private readonly Lock _reloadLock = new();
    private KnowledgeSnapshot? _current;

    public string Root { get; } = root;

    /// <summary>The snapshot in use; loads on first use.</summary>
    public KnowledgeSnapshot Current => Volatile.Read(ref _current) ?? Reload();

    public KnowledgeSnapshot Reload()
    {
        lock (_reloadLock)
        {
            var loaded = KnowledgeLoader.Load(Root, clock, catalogPath);
            var previous = Volatile.Read(ref _current);
            var knowledge = previous is null ? loaded : KeepLastGood(loaded, previous.Base);
            foreach (var problem in loaded.Problems)
            {
                logger.LogWarning("Knowledge problem in {File} line {Line}: {Message}", problem.File, problem.Line, problem.Message);
            }
            logger.LogInformation("Knowledge base loaded from {Root}: {Count} documents, {Problems} problems",
                Root, knowledge.Documents.Count, loaded.Problems.Count);
            var index = KnowledgeIndex.Build(knowledge);
            var snapshot = new KnowledgeSnapshot(knowledge, index, QuestionClassifier.For(knowledge, index));
            Volatile.Write(ref _current, snapshot);
            return snapshot;
        }
    }

    private static KnowledgeBase KeepLastGood(KnowledgeBase loaded, KnowledgeBase previous)
    {
        var broken = loaded.Problems.Select(p => p.File).ToHashSet(StringComparer.Ordinal);
        var present = loaded.Documents.Select(p => (p.Key, p.Language)).ToHashSet();
        var kept = previous.Documents
            .Where(p => broken.Contains(p.SourcePath) && !present.Contains((p.Key, p.Language)))
            .ToList();
        var glossaries = loaded.Glossaries.Concat(previous.Glossaries.Where(g => broken.Contains(g.SourcePath) && loaded.Glossaries.All(l => l.Language != g.Language))).ToList();
        var units = loaded.Units.Concat(previous.Units.Where(u => broken.Contains(u.SourcePath) && loaded.Units.All(l => l.SourcePath != u.SourcePath))).ToList();
        return new KnowledgeBase([.. loaded.Documents, .. kept], loaded.Problems, loaded.LoadedAt, glossaries, units, loaded.Catalog, loaded.Examples, loaded.ListedProvinces);
    }
}

using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Knowledge;
using Microsoft.Extensions.Logging;

namespace CitizenHelper.Answering;

/// <summary>A loaded knowledge base with its search index; replaced whole on reload, never changed in place.</summary>
public sealed record KnowledgeSnapshot(KnowledgeBase Base, ProcedureIndex Index);

/// <summary>
/// Holds the knowledge base the service answers from. A reload swaps in a new snapshot atomically; a file that
/// fails to parse keeps serving its last good version, so a broken edit never takes a procedure away.
/// </summary>
public sealed class KnowledgeProvider(string root, TimeProvider clock, ILogger<KnowledgeProvider> logger)
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
            var loaded = KnowledgeLoader.Load(Root, clock);
            var previous = Volatile.Read(ref _current);
            var knowledge = previous is null ? loaded : KeepLastGood(loaded, previous.Base);
            foreach (var problem in loaded.Problems)
            {
                logger.LogWarning("Knowledge problem in {File} line {Line}: {Message}", problem.File, problem.Line, problem.Message);
            }
            logger.LogInformation("Knowledge base loaded from {Root}: {Count} documents, {Problems} problems",
                Root, knowledge.Procedures.Count, loaded.Problems.Count);
            var snapshot = new KnowledgeSnapshot(knowledge, ProcedureIndex.Build(knowledge));
            Volatile.Write(ref _current, snapshot);
            return snapshot;
        }
    }

    private static KnowledgeBase KeepLastGood(KnowledgeBase loaded, KnowledgeBase previous)
    {
        var broken = loaded.Problems.Select(p => p.File).ToHashSet(StringComparer.Ordinal);
        var present = loaded.Procedures.Select(p => (p.Code, p.Language)).ToHashSet();
        var kept = previous.Procedures
            .Where(p => broken.Contains(p.SourcePath) && !present.Contains((p.Code, p.Language)))
            .ToList();
        return kept.Count == 0
            ? loaded
            : new KnowledgeBase([.. loaded.Procedures, .. kept], loaded.Problems, loaded.LoadedAt);
    }
}

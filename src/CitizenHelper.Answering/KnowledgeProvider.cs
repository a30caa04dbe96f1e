using System.Diagnostics;
using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge;
using Microsoft.Extensions.Logging;

namespace CitizenHelper.Answering;

/// <summary>
/// A loaded knowledge base with its search index, question classifier (null without example questions: names
/// alone are the index's job) and candidate ranker (trained on first use; null without example questions too);
/// replaced whole on reload, never changed in place.</summary>
public sealed record KnowledgeSnapshot(KnowledgeBase Base, KnowledgeIndex Index, QuestionClassifier? Classifier, Lazy<CandidateRanker>? Ranker = null);

/// <summary>
/// Holds the knowledge base the service answers from. A reload swaps in a new snapshot atomically; a file that
/// fails to parse keeps serving its last good version, so a broken edit never takes a procedure away.
/// </summary>
/// <param name="classifiers">Where trained question classifiers are kept across restarts; null trains on every start.</param>
/// <param name="snapshots">Where parsed knowledge bases and their index are kept across restarts; null parses on every start.</param>
public sealed class KnowledgeProvider(
    string root, string? catalogPath, TimeProvider clock, ILogger<KnowledgeProvider> logger, ClassifierStore? classifiers = null,
    KnowledgeCache? snapshots = null)
{
    private readonly Lock _reloadLock = new();
    private KnowledgeSnapshot? _current;

    public string Root { get; } = root;

    /// <summary>
    /// Raised after each load has swapped in its snapshot (on the loading thread, under the reload lock): the moment
    /// the previous snapshot and the loading's own garbage become collectable.
    /// </summary>
    public event Action<KnowledgeSnapshot>? Loaded;

    /// <summary>The snapshot in use; loads on first use.</summary>
    public KnowledgeSnapshot Current => Volatile.Read(ref _current) ?? Reload();

    public KnowledgeSnapshot Reload()
    {
        lock (_reloadLock)
        {
            var started = Stopwatch.GetTimestamp();
            logger.LogInformation("Loading the knowledge base from {Root}", Root);
            var previous = Volatile.Read(ref _current);
            var now = clock.GetUtcNow();
            var key = snapshots is null ? null : ContentKey();
            var classifierKey = key is null || classifiers is null ? null : ClassifierStore.KeyForContent(key);
            // On a start the knowledge base is what its files say: the classifier kept for this content is read on the
            // other core while the knowledge base is.
            var classifierRead = classifierKey is null || previous is not null ? null : Task.Run(() => classifiers!.TryRead(classifierKey));
            var stored = key is null ? null : snapshots!.TryLoad(key, now);
            var loaded = stored?.Knowledge ?? KnowledgeLoader.Load(Root, clock, catalogPath);
            var read = Stopwatch.GetElapsedTime(started);
            var knowledge = previous is null ? loaded : KeepLastGood(loaded, previous.Base);
            foreach (var problem in loaded.Problems)
            {
                if (problem.InSource)
                {
                    logger.LogInformation("Portal record skipped in {File} line {Line}: {Message}", problem.File, problem.Line, problem.Message);
                }
                else
                {
                    logger.LogWarning("Knowledge problem in {File} line {Line}: {Message}", problem.File, problem.Line, problem.Message);
                }
            }
            // What is kept is keyed by the files' content: a reload that keeps a broken file's last good version serves
            // other documents than the files say, and is indexed and classified as before, by what it serves.
            var asFilesSay = ReferenceEquals(knowledge, loaded);
            var index = asFilesSay ? stored?.Index : null;
            if (stored is not null)
            {
                logger.LogInformation("Knowledge base read from {Path} (the knowledge files are unchanged since it was stored): {Count} documents, {Problems} problems{Index}",
                    snapshots!.PathFor(key), knowledge.Documents.Count, loaded.Problems.Count(p => !p.InSource), index is null ? "; building the search index" : ", search index included");
            }
            else
            {
                logger.LogInformation("Knowledge base loaded from {Root}: {Count} documents, {Problems} problems; building the search index",
                    Root, knowledge.Documents.Count, loaded.Problems.Count(p => !p.InSource));
            }
            if (index is null)
            {
                index = KnowledgeIndex.Build(knowledge);
                // Not when a file changed while it was read: the key would name other content than was parsed.
                if (key is not null && stored is null && asFilesSay && ContentKey() is { } after && after.AsSpan().SequenceEqual(key))
                {
                    snapshots!.Save(key, knowledge, index);
                }
            }
            var indexed = Stopwatch.GetElapsedTime(started);
            var classifier = QuestionClassifier.For(knowledge, index, classifiers, logger,
                classifierKey is null || !asFilesSay ? null : new QuestionClassifier.KnownContent(classifierKey, classifierRead));
            // Trained when a question first needs it (seconds: it searches every example), not on the way to answering
            // the first one; kept beside the classifier under the same content key.
            var rankerKey = classifierKey is null || !asFilesSay ? null : classifierKey;
            var ranker = classifier is null ? null : new Lazy<CandidateRanker>(() => rankerKey is not null && classifiers is not null
                ? new RankerStore(classifiers.Folder, logger: logger).ReadOrTrain(rankerKey, knowledge, index)
                : CandidateRanker.Train(knowledge, index));
            var snapshot = new KnowledgeSnapshot(knowledge, index, classifier, ranker);
            var ready = Stopwatch.GetElapsedTime(started);
            // What a start waits for, part by part (the cold-start benchmark prints it).
            logger.LogInformation("Knowledge base ready in {ReadyMs:F0} ms: {Read} {ReadMs:F0} ms, indexed {IndexMs:F0} ms, classifier {ClassifierMs:F0} ms",
                ready.TotalMilliseconds, stored is null ? "read and parsed" : "read from the cache", read.TotalMilliseconds,
                (indexed - read).TotalMilliseconds, (ready - indexed).TotalMilliseconds);
            Volatile.Write(ref _current, snapshot);
            Loaded?.Invoke(snapshot);
            return snapshot;
        }
    }

    /// <summary>The key of the knowledge files' content; null (nothing read or kept) when a file cannot be read, which the loader reports.</summary>
    private byte[]? ContentKey()
    {
        try
        {
            return KnowledgeCache.KeyFor(Root, catalogPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "The knowledge files could not all be read to look for a stored knowledge base; parsing them");
            return null;
        }
    }

    /// <summary>The loaded knowledge base with what broken files had before; the loaded one itself when no broken file had anything.</summary>
    private static KnowledgeBase KeepLastGood(KnowledgeBase loaded, KnowledgeBase previous)
    {
        var broken = loaded.Problems.Where(p => !p.InSource).Select(p => p.File).ToHashSet(StringComparer.Ordinal);
        var present = loaded.Documents.Select(p => (p.Key, p.Language)).ToHashSet();
        var kept = previous.Documents
            .Where(p => broken.Contains(p.SourcePath) && !present.Contains((p.Key, p.Language)))
            .ToList();
        var glossaries = loaded.Glossaries.Concat(previous.Glossaries.Where(g => broken.Contains(g.SourcePath) && loaded.Glossaries.All(l => l.Language != g.Language))).ToList();
        var formerKeys = loaded.FormerUnits.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var formers = loaded.FormerUnits.Concat(previous.FormerUnits.Where(f => broken.Contains(f.SourcePath) && !formerKeys.Contains(f.Key))).ToList();
        var units = KeepUnits(loaded.Units, previous.Units, broken);
        if (kept.Count == 0 && glossaries.Count == loaded.Glossaries.Count && formers.Count == loaded.FormerUnits.Count && units.SequenceEqual(loaded.Units))
        {
            return loaded;
        }
        return new KnowledgeBase(
            [.. loaded.Documents, .. kept], loaded.Problems, loaded.LoadedAt, glossaries, units, loaded.Catalog, loaded.Examples, loaded.ListedProvinces, formers);
    }

    /// <summary>
    /// A unit whose row is now broken — in the national list, or the staff row that added to it — is served as it was
    /// before: a typo in one row of centers/*.csv takes neither the unit nor its phone number away.
    /// </summary>
    private static List<AdministrativeUnit> KeepUnits(IReadOnlyList<AdministrativeUnit> loaded, IReadOnlyList<AdministrativeUnit> previous, HashSet<string> broken)
    {
        var units = loaded.ToList();
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < units.Count; i++)
        {
            byKey.TryAdd(units[i].Key, i);
        }
        foreach (var unit in previous.Where(u => broken.Contains(u.SourcePath)))
        {
            if (!byKey.TryGetValue(unit.Key, out var i))
            {
                units.Add(unit);
            }
            else if (units[i].SourcePath != unit.SourcePath && unit.SourcePath.StartsWith(KnowledgeLoader.CentersFolder + "/", StringComparison.Ordinal))
            {
                // The staff row that added to it is broken now: keep what it added.
                units[i] = unit;
            }
        }
        return units;
    }
}

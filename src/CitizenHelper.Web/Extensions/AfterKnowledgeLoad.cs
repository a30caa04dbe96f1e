using System.Diagnostics;
using System.Runtime;
using CitizenHelper.Answering;
using CitizenHelper.Web.Options;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Extensions;

/// <summary>
/// What follows each knowledge load, in the background and in this order:
/// <list type="number">
/// <item>The candidate ranker is read from the cache or trained (#16, <c>Knowledge:TrainRankerAfterLoad</c>). Left to
/// the first question that needs it, that citizen would wait seconds (training searches every example question), and
/// again after every staff approval; a question that needs it meanwhile waits for this training, not a second one.</item>
/// <item>One full blocking collection compacts the large object heap and gives the freed memory back to the system
/// (#21, <c>Knowledge:CompactAfterLoad</c>). A load and the ranker's training leave tens of MB of garbage (the files
/// read, the replaced snapshot), most of it in large arrays that are otherwise never compacted; the process would
/// keep it as resident memory. Hence after the training, not before it.</item>
/// </list>
/// A load's work starts after the previous load's work has ended.
/// </summary>
public sealed class AfterKnowledgeLoad(KnowledgeProvider knowledge, IOptions<KnowledgeOptions> options, ILogger<AfterKnowledgeLoad> logger) : IHostedService
{
    private readonly object _gate = new();
    private Task _work = Task.CompletedTask;

    /// <summary>The last load's work (done when nothing runs): tests wait for it instead of for a time.</summary>
    public Task Work
    {
        get
        {
            lock (_gate)
            {
                return _work;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.TrainRankerAfterLoad || options.Value.CompactAfterLoad)
        {
            knowledge.Loaded += OnLoaded;
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        knowledge.Loaded -= OnLoaded;
        return Task.CompletedTask;
    }

    private void OnLoaded(KnowledgeSnapshot snapshot)
    {
        lock (_gate)
        {
            var previous = _work;
            _work = Task.Run(async () =>
            {
                await previous.ConfigureAwait(false);
                if (options.Value.TrainRankerAfterLoad)
                {
                    WarmRanker(snapshot);
                }
                if (options.Value.CompactAfterLoad)
                {
                    Compact();
                }
            });
        }
    }

    private void WarmRanker(KnowledgeSnapshot snapshot)
    {
        if (snapshot.Ranker is not { IsValueCreated: false } ranker)
        {
            return;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            _ = ranker.Value;
            logger.LogInformation("Candidate ranker ready in {Ms:F0} ms", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Said here, where it happens on no request; a question that needs the ranker meets the same error.
            logger.LogError(e, "The candidate ranker could not be trained");
        }
    }

    private void Compact()
    {
        var started = Stopwatch.GetTimestamp();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        logger.LogInformation("Heap compacted after the knowledge load in {Ms:F0} ms: {Heap} MB managed",
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, GC.GetTotalMemory(forceFullCollection: false) / (1024 * 1024));
    }
}

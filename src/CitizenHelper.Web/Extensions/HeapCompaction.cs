using System.Diagnostics;
using System.Runtime;
using CitizenHelper.Answering;
using CitizenHelper.Web.Options;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Extensions;

/// <summary>
/// After each knowledge load, one full blocking collection that compacts the large object heap and gives the freed
/// memory back to the system (#21). A load leaves tens of MB of garbage (the files read, the replaced snapshot), most
/// of it in large arrays that are otherwise never compacted; the process would keep it as resident memory.
/// </summary>
public sealed class HeapCompaction(KnowledgeProvider knowledge, IOptions<KnowledgeOptions> options, ILogger<HeapCompaction> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.CompactAfterLoad)
        {
            knowledge.Loaded += Compact;
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        knowledge.Loaded -= Compact;
        return Task.CompletedTask;
    }

    private void Compact(KnowledgeSnapshot snapshot)
    {
        var started = Stopwatch.GetTimestamp();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        logger.LogInformation("Heap compacted after the knowledge load in {Ms:F0} ms: {Heap} MB managed",
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, GC.GetTotalMemory(forceFullCollection: false) / (1024 * 1024));
    }
}

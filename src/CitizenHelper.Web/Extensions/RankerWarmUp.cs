using System.Diagnostics;
using CitizenHelper.Answering;
using CitizenHelper.Web.Options;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Extensions;

/// <summary>
/// After each knowledge load, the candidate ranker is read from the cache or trained in the background (#16). Left to
/// the first question that needs it, that citizen would wait seconds (training searches every example question), and
/// again after every staff approval. A question that needs it meanwhile waits for this training, not a second one.
/// </summary>
public sealed class RankerWarmUp(KnowledgeProvider knowledge, IOptions<KnowledgeOptions> options, ILogger<RankerWarmUp> logger) : IHostedService
{
    private Task _warming = Task.CompletedTask;

    /// <summary>The last warm-up (done when nothing is training): tests wait for it instead of for a time.</summary>
    public Task Warming => Volatile.Read(ref _warming);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.TrainRankerAfterLoad)
        {
            knowledge.Loaded += Warm;
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        knowledge.Loaded -= Warm;
        return Task.CompletedTask;
    }

    private void Warm(KnowledgeSnapshot snapshot)
    {
        if (snapshot.Ranker is not { IsValueCreated: false } ranker)
        {
            return;
        }
        Volatile.Write(ref _warming, Task.Run(() =>
        {
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
        }));
    }
}

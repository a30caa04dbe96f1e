using System.Collections.Concurrent;
using System.Threading.Channels;
using CitizenHelper.Bot;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Storage;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Conversations;

/// <summary>A stored activity waiting for the bot; the activity itself when the caller has it, else it is read back.</summary>
public sealed record PendingTurn(long Sequence, Activity? Activity);

/// <summary>Activities waiting for the bot.</summary>
public sealed class PendingTurns
{
    private readonly Channel<PendingTurn> _channel = Channel.CreateUnbounded<PendingTurn>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(long sequence, Activity? activity = null) => _channel.Writer.TryWrite(new PendingTurn(sequence, activity));

    public ChannelReader<PendingTurn> Reader => _channel.Reader;
}

/// <summary>
/// Runs the bot for stored activities, outside the HTTP request so the client's POST is answered at once.
/// Turns of one conversation run in order; different conversations run side by side. Activities stored but not
/// handled before a stop are picked up again at start, so nothing a citizen sent is lost.
/// With several instances on one database a turn is leased: the instance running it renews the lease, and turns whose
/// lease ran out (their instance died) are taken by another, once.
/// </summary>
public sealed class TurnProcessor(
    PendingTurns queue, ConversationStore store, ConversationDelivery delivery, BotAdapter adapter, IOptions<SharedInstancesOptions> sharing,
    ILogger<TurnProcessor> logger) : BackgroundService
{
    private const int MaxClaimedAtOnce = 500;

    // Several instances: the turns this one holds, whose leases it renews.
    private readonly ConcurrentDictionary<long, byte> _held = new();

    // Turns mostly wait for the database, so many run at once; the CPU-bound part is a fraction of a millisecond.
    private const int MaxConcurrentTurns = 256;
    private static readonly TimeSpan TypingDelay = TimeSpan.FromMilliseconds(400);
    private readonly SemaphoreSlim _slots = new(MaxConcurrentTurns);

    // One gate per conversation while it has turns running or waiting; removed when the last one leaves, so a
    // long-running service does not keep a gate for every conversation it ever saw.
    private readonly Dictionary<string, ConversationGate> _gates = new(StringComparer.Ordinal);
    private readonly Lock _gatesLock = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var shared = sharing.Value.Shared;
        if (shared)
        {
            _ = Task.Run(() => LeaseLoopAsync(stoppingToken), stoppingToken);
        }
        else
        {
            foreach (var pending in await store.AwaitingTurnAsync(stoppingToken).ConfigureAwait(false))
            {
                queue.Enqueue(pending.Sequence);
            }
        }
        await foreach (var pending in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            if (shared)
            {
                _held.TryAdd(pending.Sequence, 0);
            }
            await _slots.WaitAsync(stoppingToken).ConfigureAwait(false);
            _ = Task.Run(() => RunTurnAsync(pending, stoppingToken), stoppingToken);
        }
    }

    /// <summary>
    /// Several instances: renews the leases of the turns held here, and takes the turns whose lease ran out (their
    /// instance stopped or died) a few times per lease, so a lost turn waits at most about one lease.
    /// </summary>
    private async Task LeaseLoopAsync(CancellationToken stoppingToken)
    {
        var every = sharing.Value.TurnLease / 3;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await store.RenewTurnLeasesAsync([.. _held.Keys], stoppingToken).ConfigureAwait(false);
                foreach (var sequence in await store.ClaimStaleTurnsAsync(MaxClaimedAtOnce, stoppingToken).ConfigureAwait(false))
                {
                    logger.LogInformation("Took over turn {Sequence}, whose instance stopped before answering", sequence);
                    queue.Enqueue(sequence);
                }
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                logger.LogWarning("Could not renew or take over turns: {Reason}", e.Message);
            }
            await Task.Delay(every, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }

    private ConversationGate Enter(string conversationId)
    {
        lock (_gatesLock)
        {
            if (!_gates.TryGetValue(conversationId, out var gate))
            {
                _gates[conversationId] = gate = new ConversationGate();
            }
            gate.Users++;
            return gate;
        }
    }

    private void Leave(string conversationId, ConversationGate gate)
    {
        gate.Semaphore.Release();
        lock (_gatesLock)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(conversationId);
                gate.Semaphore.Dispose();
            }
        }
    }

    private sealed class ConversationGate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);
        public int Users { get; set; }
    }

    /// <summary>
    /// Shows the bot typing when its answer takes a moment (an LLM, a slow lookup). Most embedded answers come sooner,
    /// and an indicator that flashes for a few milliseconds is only traffic on a slow rural link.
    /// </summary>
    private async Task ShowTypingAsync(ConversationAccount? conversation, CancellationToken answered)
    {
        // Answered first is the usual case: not thrown, as an exception per message costs more than the answer.
        await Task.Delay(TypingDelay, answered).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!answered.IsCancellationRequested)
        {
            delivery.SendEphemeral(new Activity { Type = ActivityTypes.Typing, From = BotIdentity.Account(), Conversation = conversation });
        }
    }

    private async Task RunTurnAsync(PendingTurn pending, CancellationToken stoppingToken)
    {
        var sequence = pending.Sequence;
        try
        {
            var activity = pending.Activity;
            if (activity is null)
            {
                // Picked up after a restart: read it back, unless it was handled meanwhile.
                var record = await store.FindAsync(sequence, stoppingToken).ConfigureAwait(false);
                if (record is null || !record.AwaitingTurn)
                {
                    return;
                }
                activity = ActivityJson.Deserialize(record.Json)!;
            }
            var conversationId = activity.Conversation?.Id ?? "";
            var gate = Enter(conversationId);
            try
            {
                await gate.Semaphore.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                lock (_gatesLock)
                {
                    gate.Users--;
                }
                throw;
            }
            try
            {
                using var answered = new CancellationTokenSource();
                if (activity.Type == ActivityTypes.Message)
                {
                    _ = ShowTypingAsync(activity.Conversation, answered.Token);
                }
                var done = false;
                await adapter.ProcessAsync(activity, async (reply, ct) =>
                {
                    // The first reply marks the turn done in its own commit.
                    await answered.CancelAsync().ConfigureAwait(false);
                    var (id, _) = await delivery.StoreAsync(reply, awaitingTurn: false, visibleToClient: true, ct, done ? null : sequence).ConfigureAwait(false);
                    done = true;
                    return id;
                }, stoppingToken).ConfigureAwait(false);
                await answered.CancelAsync().ConfigureAwait(false);
                if (!done)
                {
                    await store.MarkTurnDoneAsync(sequence, stoppingToken).ConfigureAwait(false);
                }
            }
            finally
            {
                Leave(conversationId, gate);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the activity stays awaiting its turn and is handled after the restart.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not run the turn for activity {Sequence}", sequence);
        }
        finally
        {
            _held.TryRemove(sequence, out _);
            _slots.Release();
        }
    }
}

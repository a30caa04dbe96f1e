using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace CitizenHelper.Storage;

/// <summary>
/// All writes go through one queue and one writer, which commits everything waiting in a single transaction.
/// SQLite has one writer and each commit has a fixed cost: a busy chat service spends it once per batch instead
/// of once per activity. A batch that fails is retried one write at a time, so only the faulty write fails.
/// </summary>
public sealed class BatchWriter : IDisposable
{
    private const int MaxBatch = 128;
    private readonly IDbContextFactory<CitizenHelperDbContext> _contexts;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public BatchWriter(IDbContextFactory<CitizenHelperDbContext> contexts)
    {
        _contexts = contexts;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>
    /// Queues a write. <paramref name="stage"/> adds or changes entities on the batch's context (it must not save)
    /// and returns how to read the result once the batch is committed (a generated key, for example).
    /// </summary>
    public Task<T> WriteAsync<T>(Func<CitizenHelperDbContext, Func<T>> stage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var write = new PendingWrite<T>(stage);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(write), this);
        return write.Task.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(10));
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }
            if (!await CommitAsync(batch).ConfigureAwait(false))
            {
                foreach (var write in batch)
                {
                    await CommitAsync([write]).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Commits the writes together; false (nothing completed) when a batch of several failed and must be split.</summary>
    private async Task<bool> CommitAsync(IReadOnlyList<PendingWrite> writes)
    {
        try
        {
            await using var db = await _contexts.CreateDbContextAsync().ConfigureAwait(false);
            var staged = new List<PendingWrite>(writes.Count);
            // Staging looks up tracked rows; with change detection on, every lookup would scan the whole batch again.
            // SaveChanges detects the changes once.
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var write in writes)
            {
                try
                {
                    write.Stage(db);
                    staged.Add(write);
                }
                catch (Exception e) when (writes.Count == 1 || e is not InvalidOperationException)
                {
                    write.Fail(e);
                }
                catch (InvalidOperationException)
                {
                    return false; // two writes of the batch touch the same row: one at a time
                }
            }
            db.ChangeTracker.AutoDetectChangesEnabled = true;
            await db.SaveChangesAsync().ConfigureAwait(false);
            foreach (var write in staged)
            {
                write.Complete();
            }
            return true;
        }
        catch (Exception e) when (writes.Count > 1 && e is DbUpdateException)
        {
            return false;
        }
        catch (Exception e)
        {
            foreach (var write in writes)
            {
                write.Fail(e);
            }
            return true;
        }
    }

    private abstract class PendingWrite
    {
        public abstract void Stage(CitizenHelperDbContext db);
        public abstract void Complete();
        public abstract void Fail(Exception error);
    }

    private sealed class PendingWrite<T>(Func<CitizenHelperDbContext, Func<T>> stage) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Func<T>? _result;

        public Task<T> Task => _done.Task;

        public override void Stage(CitizenHelperDbContext db) => _result = stage(db);

        public override void Complete() => _done.TrySetResult(_result!());

        public override void Fail(Exception error) => _done.TrySetException(error);
    }
}

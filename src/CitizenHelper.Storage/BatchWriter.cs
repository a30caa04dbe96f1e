using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace CitizenHelper.Storage;

/// <summary>
/// All writes go through one queue and one writer, which commits everything waiting in a single transaction.
/// SQLite has one writer and each commit has a fixed cost: a busy chat service spends it once per batch instead
/// of once per activity. A batch that fails is retried one write at a time, so only the faulty write fails.
/// Writes come in two kinds, applied in the order they were queued: entities staged on the batch's EF context
/// (<see cref="WriteAsync{T}"/>), and the rows every message writes (<see cref="WriteRowsAsync{T}"/>) through a
/// <see cref="RowWriter"/>: plain commands on SQLite, staged on the same context on a database server.
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
        return Queue(new TrackedWrite<T>(stage), cancellationToken);
    }

    /// <summary>
    /// Queues a write of plain rows. <paramref name="write"/> runs its commands through the batch's
    /// <see cref="RowWriter"/> and returns how to read the result once the batch is committed.
    /// </summary>
    public Task<T> WriteRowsAsync<T>(Func<RowWriter, CancellationToken, Task<Func<T>>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        return Queue(new RowsWrite<T>(write), cancellationToken);
    }

    private Task<T> Queue<T>(PendingWrite<T> write, CancellationToken cancellationToken)
    {
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
            RowWriter? rows = null;
            Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? transaction = null;
            try
            {
                var staged = new List<PendingWrite>(writes.Count);
                // Staging looks up tracked rows; with change detection on, every lookup would scan the whole batch again.
                // Changes are detected once, when the tracked entities are saved.
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                var tracked = false;
                foreach (var write in writes)
                {
                    if (write is IRowsWrite)
                    {
                        // Begun at the first row write, not before: staging tracked writes takes no lock (SQLite's
                        // transaction takes the database's write lock when it begins).
                        if (rows is null)
                        {
                            transaction = await db.Database.BeginTransactionAsync().ConfigureAwait(false);
                            rows = new RowWriter(db);
                        }
                        if (tracked)
                        {
                            // Entities staged earlier go first, so rows can refer to them (a new conversation's first activity).
                            await rows.TakeLocksAsync().ConfigureAwait(false);
                            await SaveTrackedAsync(db).ConfigureAwait(false);
                            tracked = false;
                        }
                        try
                        {
                            await write.StageAsync(db, rows).ConfigureAwait(false);
                            staged.Add(write);
                        }
                        catch (Exception e) when (writes.Count == 1)
                        {
                            // Callers see what a tracked write would have thrown (a broken unique index, for example).
                            write.Fail(e is DbException ? new DbUpdateException(e.Message, e) : e);
                        }
                        catch (Exception)
                        {
                            return false; // a failed command spoils the transaction (PostgreSQL): one at a time
                        }
                        continue;
                    }
                    try
                    {
                        await write.StageAsync(db, rows).ConfigureAwait(false);
                        staged.Add(write);
                        tracked = true;
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
                if (tracked || rows is { StagedAny: true })
                {
                    if (rows is not null)
                    {
                        await rows.TakeLocksAsync().ConfigureAwait(false);
                    }
                    await SaveTrackedAsync(db).ConfigureAwait(false);
                }
                if (transaction is not null)
                {
                    await transaction.CommitAsync().ConfigureAwait(false);
                }
                foreach (var write in staged)
                {
                    write.Complete();
                }
                return true;
            }
            finally
            {
                rows?.Dispose();
                if (transaction is not null)
                {
                    await transaction.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (writes.Count > 1 && e is DbUpdateException or DbException)
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

    private static async Task SaveTrackedAsync(CitizenHelperDbContext db)
    {
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync().ConfigureAwait(false);
    }

    private abstract class PendingWrite
    {
        public abstract ValueTask StageAsync(CitizenHelperDbContext db, RowWriter? rows);
        public abstract void Complete();
        public abstract void Fail(Exception error);
    }

    private abstract class PendingWrite<T> : PendingWrite
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => _done.Task;

        protected Func<T>? Result { get; set; }

        public override void Complete() => _done.TrySetResult(Result!());

        public override void Fail(Exception error) => _done.TrySetException(error);
    }

    private sealed class TrackedWrite<T>(Func<CitizenHelperDbContext, Func<T>> stage) : PendingWrite<T>
    {
        public override ValueTask StageAsync(CitizenHelperDbContext db, RowWriter? rows)
        {
            Result = stage(db);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Marks row writes apart from tracked ones without knowing their result type.</summary>
    private interface IRowsWrite;

    private sealed class RowsWrite<T>(Func<RowWriter, CancellationToken, Task<Func<T>>> write) : PendingWrite<T>, IRowsWrite
    {
        public override async ValueTask StageAsync(CitizenHelperDbContext db, RowWriter? rows) => Result = await write(rows!, CancellationToken.None).ConfigureAwait(false);
    }
}

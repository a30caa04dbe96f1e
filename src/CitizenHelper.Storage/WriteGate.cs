namespace CitizenHelper.Storage;

/// <summary>
/// One writer at a time in this process. SQLite allows a single writer; without this, concurrent turns collide
/// and wait in SQLite's busy handler, whose back-off sleeps add tens of milliseconds. Queuing here costs only the
/// wait for the write in progress.
/// </summary>
public sealed class WriteGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<T> RunAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await write().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}

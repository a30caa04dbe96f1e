using System.Collections.Concurrent;

namespace CitizenHelper.Storage;

/// <summary>
/// What the stores remember in memory in front of the database (conversations known to exist, their state, the
/// last activity each stream may send from a signal). A miss only costs a read, so the memo is simply emptied when
/// it reaches its limit: a flood of new ids cannot grow it. The count is kept apart because
/// <see cref="ConcurrentDictionary{TKey,TValue}.Count"/> takes every lock of the dictionary, on every message.
/// </summary>
public sealed class BoundedMemo<TValue>(int limit = 100_000)
{
    private readonly ConcurrentDictionary<string, TValue> _entries = new(StringComparer.Ordinal);
    private int _count;

    public bool TryGet(string key, out TValue value) => _entries.TryGetValue(key, out value!);

    public bool Contains(string key) => _entries.ContainsKey(key);

    public void Set(string key, TValue value)
    {
        if (!_entries.TryAdd(key, value))
        {
            _entries[key] = value;
            return;
        }
        if (Interlocked.Increment(ref _count) > limit)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _count, 0);
            _entries[key] = value;
        }
    }

    public void Remove(string key)
    {
        if (_entries.TryRemove(key, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }
}

using System.Collections.Concurrent;
using System.Threading.Channels;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Storage;

namespace CitizenHelper.Conversations;

/// <summary>
/// Hands what is stored for a conversation to its open streams, and carries activities that are never stored
/// (typing). Durable delivery does not depend on it: a stream that misses a signal, or cannot tell that nothing came
/// in between, catches up from the database.
/// </summary>
public sealed class ConversationSignals
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Subscription, byte>> _subscribers = new(StringComparer.Ordinal);

    /// <summary>A mailbox for a new stream. Streams opened earlier for the conversation are told to close: one socket per conversation.</summary>
    public Subscription Subscribe(string conversationId)
    {
        var subscription = new Subscription(this, conversationId);
        var subscribers = _subscribers.GetOrAdd(conversationId, _ => new());
        foreach (var earlier in subscribers.Keys)
        {
            earlier.Replace();
        }
        subscribers.TryAdd(subscription, 0);
        return subscription;
    }

    /// <summary>An activity was stored for the conversation.</summary>
    public void NotifyStored(string conversationId, StoredActivity stored) => Publish(conversationId, new StreamItem(stored, null));

    /// <summary>An activity for open streams only (typing); not stored, not replayed.</summary>
    public void SendEphemeral(string conversationId, Activity activity) => Publish(conversationId, new StreamItem(null, activity));

    /// <summary>Every open stream reads the database from its watermark (after notifications from other instances may have been missed).</summary>
    public void WakeAll()
    {
        var look = new StreamItem(new StoredActivity(long.MaxValue, StoredActivity.Unknown, ""), null);
        foreach (var subscribers in _subscribers.Values)
        {
            foreach (var subscriber in subscribers.Keys)
            {
                subscriber.Writer.TryWrite(look);
            }
        }
    }

    private void Publish(string conversationId, StreamItem item)
    {
        if (_subscribers.TryGetValue(conversationId, out var subscribers))
        {
            foreach (var subscriber in subscribers.Keys)
            {
                subscriber.Writer.TryWrite(item);
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        if (_subscribers.TryGetValue(subscription.ConversationId, out var subscribers))
        {
            subscribers.TryRemove(subscription, out _);
            if (subscribers.IsEmpty)
            {
                _subscribers.TryRemove(new KeyValuePair<string, ConcurrentDictionary<Subscription, byte>>(subscription.ConversationId, subscribers));
            }
        }
    }

    /// <summary>What a stream is handed: a stored activity, or an ephemeral one to send as is.</summary>
    public sealed record StreamItem(StoredActivity? Stored, Activity? Ephemeral);

    /// <summary>One open stream's mailbox. When it overflows the oldest items go; the stream notices the gap and reads the database.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly ConversationSignals _owner;
        private readonly CancellationTokenSource _replaced = new();
        private readonly Channel<StreamItem> _channel = Channel.CreateBounded<StreamItem>(new BoundedChannelOptions(64)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
        });

        internal Subscription(ConversationSignals owner, string conversationId)
        {
            _owner = owner;
            ConversationId = conversationId;
        }

        public string ConversationId { get; }

        /// <summary>Cancelled when a newer stream for the same conversation opens.</summary>
        public CancellationToken Replaced => _replaced.Token;

        internal void Replace()
        {
            try
            {
                _replaced.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already closed.
            }
        }
        public ChannelReader<StreamItem> Reader => _channel.Reader;
        internal ChannelWriter<StreamItem> Writer => _channel.Writer;

        public void Dispose()
        {
            _owner.Remove(this);
            _channel.Writer.TryComplete();
            _replaced.Dispose();
        }
    }
}

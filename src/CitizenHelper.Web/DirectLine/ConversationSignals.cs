using System.Collections.Concurrent;
using System.Threading.Channels;
using CitizenHelper.Bot.Schema;

namespace CitizenHelper.Web.DirectLine;

/// <summary>
/// Wakes the open streams of a conversation when something new is stored for it, and carries activities that are
/// never stored (typing). Durable delivery does not depend on it: a stream that misses a signal catches up from the
/// database on the next one or on reconnect.
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

    /// <summary>New activities are stored for the conversation.</summary>
    public void NotifyStored(string conversationId) => Publish(conversationId, null);

    /// <summary>An activity for open streams only (typing); not stored, not replayed.</summary>
    public void SendEphemeral(string conversationId, Activity activity) => Publish(conversationId, activity);

    private void Publish(string conversationId, Activity? activity)
    {
        if (_subscribers.TryGetValue(conversationId, out var subscribers))
        {
            foreach (var subscriber in subscribers.Keys)
            {
                subscriber.Writer.TryWrite(activity);
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

    /// <summary>One open stream's mailbox: null means "look in the database", an activity means "send this as is".</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly ConversationSignals _owner;
        private readonly CancellationTokenSource _replaced = new();
        private readonly Channel<Activity?> _channel = Channel.CreateBounded<Activity?>(new BoundedChannelOptions(64)
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
        public ChannelReader<Activity?> Reader => _channel.Reader;
        internal ChannelWriter<Activity?> Writer => _channel.Writer;

        public void Dispose()
        {
            _owner.Remove(this);
            _channel.Writer.TryComplete();
            _replaced.Dispose();
        }
    }
}

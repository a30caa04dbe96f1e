using System.Globalization;
using System.Text;
using System.Threading.Channels;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Conversations;
using CitizenHelper.Storage;
using CitizenHelper.Web.DirectLine;
using Npgsql;

namespace CitizenHelper.Web.Instances;

/// <summary>
/// Several instances on one PostgreSQL: what one stores is announced with NOTIFY, and every instance LISTENs and wakes
/// its own streams of that conversation. A notification carries the conversation, the sequence, the sequence of the
/// visible activity before it (read under the conversation's lock) and, when it fits, the activity's JSON: a stream
/// whose watermark is that previous one sends it as carried, any other reads the database from its watermark. The
/// database stays the one source of what a client sees, so a lost notification delays an activity (until the
/// stream's next heartbeat read) but never loses or repeats one.
/// Chosen over Redis pub/sub by measurement (docs/operations.md): no second server, and fast enough by far.
/// </summary>
public sealed partial class PostgresRelay(NpgsqlDataSource database, ConversationSignals signals, ILogger<PostgresRelay> logger)
    : BackgroundService, IActivityRelay
{
    public const string ChannelName = "citizenhelper_activities";

    // NOTIFY payloads are limited to 8,000 bytes (UTF-8): a larger ephemeral activity is not relayed, and a larger
    // stored one goes without its JSON (streams read it back).
    private const int MaxPayloadBytes = 7900;
    private const int MaxBatch = 256;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    // Tells this instance's own notifications apart from the others'.
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];
    private readonly Channel<string> _outgoing = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true,
    });

    /// <summary>Whether the notifications of the other instances are heard now.</summary>
    public bool Listening { get; private set; }

    public void Stored(string conversationId, StoredActivity stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var payload = string.Create(CultureInfo.InvariantCulture, $"s {_instance} {conversationId} {stored.Sequence} {stored.Previous} {stored.Json}");
        if (Encoding.UTF8.GetByteCount(payload) > MaxPayloadBytes)
        {
            payload = string.Create(CultureInfo.InvariantCulture, $"s {_instance} {conversationId} {stored.Sequence} {StoredActivity.Unknown} ");
        }
        _outgoing.Writer.TryWrite(payload);
    }

    public void Ephemeral(string conversationId, Activity activity)
    {
        var payload = $"e {_instance} {conversationId} {ActivityJson.Serialize(activity)}";
        if (Encoding.UTF8.GetByteCount(payload) <= MaxPayloadBytes)
        {
            _outgoing.Writer.TryWrite(payload);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), PublishAsync(stoppingToken));

    /// <summary>Sends what waits in one statement: under load one round trip carries many notifications.</summary>
    private async Task PublishAsync(CancellationToken stoppingToken)
    {
        var batch = new List<string>(MaxBatch);
        while (await _outgoing.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _outgoing.Reader.TryRead(out var payload))
            {
                batch.Add(payload);
            }
            try
            {
                await using var command = database.CreateCommand("SELECT count(pg_notify(@channel, p)) FROM unnest(@payloads) AS p");
                command.Parameters.AddWithValue("channel", ChannelName);
                command.Parameters.AddWithValue("payloads", batch.ToArray());
                await command.ExecuteScalarAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                // The other instances' streams catch up at their next heartbeat read.
                LogPublishFailed(logger, batch.Count, e.Message);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var connected = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
                connection.Notification += (_, e) => Received(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }
                if (connected)
                {
                    LogListening(logger);
                }
                // Whatever was announced while nobody listened: every open stream reads the database once.
                signals.WakeAll();
                connected = true;
                Listening = true;
                while (!stoppingToken.IsCancellationRequested)
                {
                    // The keepalive (a query every few seconds) notices a server that went away.
                    await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException or TimeoutException)
            {
                Listening = false;
                LogListenFailed(logger, e.Message);
                await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private void Received(string payload)
    {
        // "s|e instance conversation ...": this instance's own notifications are dropped before anything is copied.
        var rest = payload.AsSpan();
        if (rest.Length < 2 || rest[1] != ' ' || !Next(ref rest, out var kind) || !Next(ref rest, out var instance)
            || instance.SequenceEqual(_instance) || !Next(ref rest, out var conversation))
        {
            return;
        }
        if (kind is "s")
        {
            // "sequence previous JSON". Without the JSON (too large to carry), or from an instance of an earlier
            // version (the sequence alone), the stream reads the database from its watermark.
            var sequenceText = Next(ref rest, out var part) ? part : rest;
            var previous = StoredActivity.Unknown;
            var carried = Next(ref rest, out var previousText) && !rest.IsEmpty
                && long.TryParse(previousText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out previous);
            if (long.TryParse(sequenceText, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                signals.NotifyStored(conversation.ToString(), carried
                    ? new StoredActivity(sequence, previous, rest.ToString())
                    : new StoredActivity(sequence, StoredActivity.Unknown, ""));
            }
        }
        else if (kind is "e" && ActivityJson.Deserialize(rest.ToString()) is { } activity)
        {
            signals.SendEphemeral(conversation.ToString(), activity);
        }
    }

    /// <summary>Takes the text up to the next space off the front of <paramref name="rest"/>.</summary>
    private static bool Next(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> part)
    {
        var space = rest.IndexOf(' ');
        if (space < 0)
        {
            part = default;
            return false;
        }
        part = rest[..space];
        rest = rest[(space + 1)..];
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce {Count} activities to the other instances: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the notifications of the other instances ({Reason}); listening again in a second")]
    private static partial void LogListenFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening to the other instances again")]
    private static partial void LogListening(ILogger logger);
}

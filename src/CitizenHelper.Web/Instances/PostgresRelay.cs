using System.Globalization;
using System.Threading.Channels;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Storage;
using CitizenHelper.Web.DirectLine;
using Npgsql;

namespace CitizenHelper.Web.Instances;

/// <summary>
/// Several instances on one PostgreSQL: what one stores is announced with NOTIFY, and every instance LISTENs and wakes
/// its own streams of that conversation, which then read the database from their watermark. A notification carries
/// only the conversation and the sequence; the database stays the one source of what a client sees, so a lost
/// notification delays an activity (until the stream's next heartbeat read) but never loses or repeats one.
/// Chosen over Redis pub/sub by measurement (docs/operations.md): no second server, and fast enough by far.
/// </summary>
public sealed partial class PostgresRelay(NpgsqlDataSource database, ConversationSignals signals, ILogger<PostgresRelay> logger)
    : BackgroundService, IActivityRelay
{
    public const string ChannelName = "citizenhelper_activities";

    // NOTIFY payloads are limited to 8,000 bytes; a larger ephemeral activity is simply not relayed.
    private const int MaxPayload = 7900;
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

    public void Stored(string conversationId, long sequence) =>
        _outgoing.Writer.TryWrite(string.Create(CultureInfo.InvariantCulture, $"s {_instance} {conversationId} {sequence}"));

    public void Ephemeral(string conversationId, Activity activity)
    {
        var payload = $"e {_instance} {conversationId} {ActivityJson.Serialize(activity)}";
        if (payload.Length <= MaxPayload)
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
        var parts = payload.Split(' ', 4);
        if (parts.Length < 4 || parts[1] == _instance)
        {
            return;
        }
        if (parts[0] == "s" && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            // The activity before it is not known here: the stream reads from its watermark.
            signals.NotifyStored(parts[2], new StoredActivity(sequence, StoredActivity.Unknown, ""));
        }
        else if (parts[0] == "e" && ActivityJson.Deserialize(parts[3]) is { } activity)
        {
            signals.SendEphemeral(parts[2], activity);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce {Count} activities to the other instances: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the notifications of the other instances ({Reason}); listening again in a second")]
    private static partial void LogListenFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening to the other instances again")]
    private static partial void LogListening(ILogger logger);
}

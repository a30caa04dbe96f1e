using System.Net.WebSockets;
using System.Text;
using CitizenHelper.Storage;

namespace CitizenHelper.Web.DirectLine;

/// <summary>
/// The Direct Line WebSocket stream of one conversation: replays what is stored after the watermark, then pushes what
/// <see cref="ConversationSignals"/> hands over (reading the database when it cannot tell nothing came in between),
/// with an empty frame as heartbeat. A newer stream of the same conversation replaces it.
/// </summary>
public static class DirectLineSocket
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    /// <summary>Accepts the socket and streams until the client goes, the service stops or a newer stream replaces it.</summary>
    public static async Task RunAsync(
        HttpContext context, ConversationSignals signals, ConversationStore store, string conversationId, long from, bool shared, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        using var subscription = signals.Subscribe(conversationId);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        try
        {
            await StreamAsync(socket, subscription, store, conversationId, from, shared, context.RequestAborted);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            logger.LogDebug("Stream of {ConversationId} closed: {Reason}", conversationId, e.Message);
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await CloseAsync(socket, subscription);
            }
        }
    }

    private static async Task StreamAsync(
        WebSocket socket, ConversationSignals.Subscription subscription, ConversationStore store, string conversationId, long watermark, bool shared,
        CancellationToken aborted)
    {
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(aborted, subscription.Replaced);
        var receiving = ReceiveUntilClosedAsync(socket, closed);

        watermark = await SendStoredAsync(socket, store, conversationId, watermark, closed.Token);
        while (!closed.IsCancellationRequested && socket.State == WebSocketState.Open)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(closed.Token);
            wait.CancelAfter(Heartbeat);
            bool signalled;
            try
            {
                signalled = await subscription.Reader.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!closed.IsCancellationRequested)
            {
                await SendTextAsync(socket, "", closed.Token); // heartbeat: an empty frame the clients ignore
                if (shared)
                {
                    // Another instance's notification may have been lost (its connection dropped): the heartbeat
                    // bounds how late an activity can be, never whether it comes.
                    try
                    {
                        watermark = await SendStoredAsync(socket, store, conversationId, watermark, closed.Token);
                    }
                    catch (System.Data.Common.DbException)
                    {
                        // The database is away for a moment: the next heartbeat tries again; the stream stays open.
                    }
                }
                continue;
            }
            if (!signalled)
            {
                break;
            }
            var lookInStore = false;
            while (subscription.Reader.TryRead(out var item))
            {
                if (item.Ephemeral is { } ephemeral)
                {
                    await SendUtf8Async(socket, ActivitySetJson.Write(ephemeral), closed.Token);
                }
                else if (item.Stored is { } stored && !lookInStore && stored.Sequence > watermark)
                {
                    if (stored.Previous == watermark)
                    {
                        // Nothing came in between: send it as handed over, without reading it back.
                        await SendUtf8Async(socket, ActivitySetJson.Write([stored.Json], stored.Sequence), closed.Token);
                        watermark = stored.Sequence;
                    }
                    else
                    {
                        lookInStore = true;
                    }
                }
            }
            if (lookInStore)
            {
                watermark = await SendStoredAsync(socket, store, conversationId, watermark, closed.Token);
            }
        }
        await closed.CancelAsync();
        await receiving;
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await CloseAsync(socket, subscription);
        }
    }

    /// <summary>Closes the stream, saying why when a newer stream for the conversation replaced it.</summary>
    private static async Task CloseAsync(WebSocket socket, ConversationSignals.Subscription subscription)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await (subscription.Replaced.IsCancellationRequested
                ? socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "Replaced by a newer connection to this conversation.", timeout.Token)
                : socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token));
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client is already gone.
        }
    }

    private static async Task<long> SendStoredAsync(WebSocket socket, ConversationStore store, string conversationId, long watermark, CancellationToken cancellationToken)
    {
        while (true)
        {
            var records = await store.ReadAfterAsync(conversationId, watermark, DirectLineRequests.MaxActivitiesPerGet, cancellationToken);
            if (records.Count == 0)
            {
                return watermark;
            }
            watermark = records[^1].Sequence;
            await SendUtf8Async(socket, ActivitySetJson.Write(records, watermark), cancellationToken);
            if (records.Count < DirectLineRequests.MaxActivitiesPerGet)
            {
                // All there was when read; what is committed later is signalled after its commit, and read then.
                return watermark;
            }
        }
    }

    private static Task SendTextAsync(WebSocket socket, string text, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    private static Task SendUtf8Async(WebSocket socket, byte[] utf8, CancellationToken cancellationToken) =>
        socket.SendAsync(utf8, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Reads (and ignores) what the client sends, such as its 20-second keep-alive, until it closes.</summary>
    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[1024];
        try
        {
            while (!closed.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, closed.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The connection is gone either way.
        }
        finally
        {
            await closed.CancelAsync();
        }
    }
}

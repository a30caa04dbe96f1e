using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CitizenHelper.Bot;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Knowledge.Text;
using CitizenHelper.Storage;
using CitizenHelper.Web.DirectLine;
using CitizenHelper.Web.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Apis;

/// <summary>Direct Line 3.0, as the official Web Chat and DirectLineJS clients use it, plus the widget's token endpoint.</summary>
public static class DirectLineApi
{
    public const string CorsPolicy = "directline";
    public const string WidgetTokenRateLimit = "widget-token";
    public const string ActivityRateLimit = "directline-activities";
    private const string ChannelId = "directline";
    private const int MaxActivitiesPerGet = 100;
    private const int MaxSmallBodyBytes = 4 * 1024;
    private static readonly TimeSpan StreamTokenLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapDirectLineApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v3/directline").RequireCors(CorsPolicy).WithTags("Direct Line");
        api.MapPost("/tokens/generate", GenerateToken);
        api.MapPost("/tokens/refresh", RefreshToken);
        api.MapPost("/conversations", StartConversation);
        api.MapGet("/conversations/{conversationId}", ResumeConversation);
        api.MapGet("/conversations/{conversationId}/activities", GetActivities);
        api.MapPost("/conversations/{conversationId}/activities", PostActivity).RequireRateLimiting(ActivityRateLimit);
        api.Map("/conversations/{conversationId}/stream", Stream);
        api.MapPost("/conversations/{conversationId}/upload", Upload).RequireRateLimiting(ActivityRateLimit).DisableAntiforgery();
        api.MapGet("/conversations/{conversationId}/attachments/{attachmentId}", Attachment);

        app.MapPost("/api/directline/token", WidgetToken)
            .RequireCors(CorsPolicy)
            .RequireRateLimiting(WidgetTokenRateLimit)
            .WithTags("Widget");
        return app;
    }

    /// <summary>A conversation token for a trusted caller holding the secret (a site's own token server).</summary>
    public static async Task<IResult> GenerateToken(HttpRequest request, DirectLineTokens tokens, CancellationToken cancellationToken)
    {
        var (caller, error) = DirectLineCaller.From(request, tokens);
        if (caller is null)
        {
            return error!;
        }
        if (!caller.HasSecret)
        {
            return DirectLineProblems.Forbidden();
        }
        var (body, bodyError) = await ReadSmallBodyAsync<ConversationRequest>(request, cancellationToken);
        return bodyError ?? TypedResults.Ok(NewConversationToken(tokens, body?.User?.Id));
    }

    /// <summary>The anonymous token endpoint for our widget: the secret stays on the server; rate limited per client address.</summary>
    public static Ok<TokenResponse> WidgetToken(DirectLineTokens tokens) => TypedResults.Ok(NewConversationToken(tokens, userId: null));

    public static IResult RefreshToken(HttpRequest request, DirectLineTokens tokens)
    {
        var (caller, error) = DirectLineCaller.From(request, tokens);
        if (caller?.Grant is not { } grant)
        {
            return error ?? DirectLineProblems.Forbidden();
        }
        var token = tokens.Issue(grant.ConversationId, grant.UserId, DirectLineTokens.ConversationPurpose, tokens.Lifetime);
        return TypedResults.Ok(new TokenResponse(grant.ConversationId, token, (int)tokens.Lifetime.TotalSeconds));
    }

    public static async Task<IResult> StartConversation(
        HttpContext context, DirectLineTokens tokens, ConversationStore store, ConversationDelivery delivery, PendingTurns turns, CancellationToken cancellationToken)
    {
        var (caller, error) = DirectLineCaller.From(context.Request, tokens);
        if (caller is null)
        {
            return error!;
        }
        var (body, bodyError) = await ReadSmallBodyAsync<ConversationRequest>(context.Request, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var conversationId = caller.Grant?.ConversationId ?? NewConversationId();
        var userId = caller.Grant?.UserId ?? body?.User?.Id;
        var created = await store.CreateAsync(conversationId, ChannelId, userId, body?.Locale, cancellationToken);
        if (created)
        {
            // Web Chat never sends conversationUpdate: raise it to the bot ourselves, and never show it to the client.
            var update = new Activity
            {
                Type = ActivityTypes.ConversationUpdate,
                ChannelId = ChannelId,
                From = new ChannelAccount { Id = userId ?? "user", Role = RoleTypes.User },
                Recipient = BotIdentity.Account(),
                Conversation = new ConversationAccount { Id = conversationId },
                Locale = body?.Locale,
                MembersAdded = [BotIdentity.Account(), new ChannelAccount { Id = userId ?? "user", Role = RoleTypes.User }],
            };
            var (_, sequence) = await delivery.StoreAsync(update, awaitingTurn: true, visibleToClient: false, cancellationToken);
            turns.Enqueue(sequence, update);
        }

        var response = ConversationResponseFor(context, tokens, conversationId, userId, watermark: null);
        return created
            ? TypedResults.Created($"/v3/directline/conversations/{conversationId}", response)
            : TypedResults.Ok(response);
    }

    /// <summary>Reconnect: a fresh token and stream address, replaying from the watermark.</summary>
    public static async Task<IResult> ResumeConversation(
        HttpContext context, string conversationId, string? watermark, DirectLineTokens tokens, ConversationStore store, CancellationToken cancellationToken)
    {
        var (caller, error) = await AuthorizeAsync(context.Request, conversationId, tokens, store, cancellationToken);
        if (caller is null)
        {
            return error!;
        }
        if (!TryParseWatermark(watermark, out var from))
        {
            return DirectLineProblems.BadArgument("The watermark is not one this service gave out.");
        }
        return TypedResults.Ok(ConversationResponseFor(context, tokens, conversationId, caller.Grant?.UserId, from));
    }

    public static async Task<IResult> GetActivities(
        HttpRequest request, string conversationId, string? watermark, DirectLineTokens tokens, ConversationStore store, CancellationToken cancellationToken)
    {
        var (caller, error) = await AuthorizeAsync(request, conversationId, tokens, store, cancellationToken);
        if (caller is null)
        {
            return error!;
        }
        if (!TryParseWatermark(watermark, out var from))
        {
            return DirectLineProblems.BadArgument("The watermark is not one this service gave out.");
        }
        var records = await store.ReadAfterAsync(conversationId, from, MaxActivitiesPerGet, cancellationToken);
        var last = records.Count > 0 ? records[^1].Sequence : from;
        return TypedResults.Bytes(ActivitySetJson.Write(records, last), "application/json; charset=utf-8");
    }

    public static async Task<IResult> PostActivity(
        HttpRequest request, string conversationId, DirectLineTokens tokens, ConversationStore store, ConversationDelivery delivery,
        PendingTurns turns, IOptions<DirectLineOptions> options, CancellationToken cancellationToken)
    {
        var (caller, error) = await AuthorizeAsync(request, conversationId, tokens, store, cancellationToken);
        if (caller is null)
        {
            return error!;
        }
        var (activity, bodyError) = await ReadBodyAsync<Activity>(request, options.Value.MaxActivityBytes, cancellationToken);
        if (activity is null)
        {
            return bodyError ?? DirectLineProblems.BadArgument("The body must be an activity.");
        }
        if (string.IsNullOrWhiteSpace(activity.Type) || activity.Type.Length > 64)
        {
            return DirectLineProblems.BadArgument("The activity needs a 'type' (at most 64 characters).");
        }
        if (activity.ListHoldingNull() is { } list)
        {
            return NullInList(list);
        }

        // The client speaks for the user only: it cannot post as the bot or into another conversation.
        activity.From ??= new ChannelAccount();
        activity.From.Id = SenderId(caller, activity.From.Id);
        activity.From.Role = RoleTypes.User;
        activity.Conversation = new ConversationAccount { Id = conversationId };
        activity.Recipient = BotIdentity.Account();
        activity.ChannelId ??= ChannelId;
        activity.ServiceUrl = null;

        if (activity.Type == ActivityTypes.Typing)
        {
            delivery.SendEphemeral(activity);
            return TypedResults.Ok(new ResourceResponse(activity.Id!));
        }
        var (id, sequence) = await delivery.StoreAsync(activity, awaitingTurn: true, visibleToClient: true, cancellationToken);
        turns.Enqueue(sequence, activity);
        return TypedResults.Ok(new ResourceResponse(id));
    }

    /// <summary>
    /// Files with an activity (multipart: an optional <c>activity</c> part, then the files). Each file is checked by
    /// its bytes, not its claimed type, stored in the database, and linked by a signed <c>contentUrl</c> that only
    /// opens it for this conversation.
    /// </summary>
    public static async Task<IResult> Upload(
        HttpContext context, string conversationId, string? userId, DirectLineTokens tokens, ConversationStore store, ConversationDelivery delivery,
        PendingTurns turns, IOptions<DirectLineOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var (caller, error) = await AuthorizeAsync(request, conversationId, tokens, store, cancellationToken);
        if (caller is null)
        {
            return error!;
        }
        var settings = options.Value;
        var uploader = UploadedFile.AddressKey(settings.Secret, context.Connection.RemoteIpAddress);
        var usage = await store.UploadsSinceAsync(conversationId, uploader, clock.GetUtcNow().AddDays(-1), cancellationToken);
        if (OverDailyBound(usage, settings, files: 1, bytes: 0) is { } full)
        {
            return full;
        }
        // The files, plus room for the activity part and the multipart framing.
        var maxBody = settings.MaxUploadBytes + (MaxSmallBodyBytes * 4);
        if (!request.HasFormContentType || request.ContentLength > maxBody)
        {
            return DirectLineProblems.BadArgument($"Upload multipart/form-data of at most {settings.MaxUploadBytes} bytes.");
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = maxBody }, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return DirectLineProblems.BadArgument("The upload is not valid multipart/form-data or is too large.");
        }

        Activity activity = new() { Type = ActivityTypes.Message };
        var files = form.Files.Where(f => f.Name != "activity").ToList();
        if (form.Files.FirstOrDefault(f => f.Name == "activity") is { } activityPart)
        {
            if (activityPart.Length > settings.MaxActivityBytes)
            {
                return DirectLineProblems.BadArgument($"The activity part is larger than {settings.MaxActivityBytes} bytes.");
            }
            try
            {
                using var part = new MemoryStream();
                await activityPart.CopyToAsync(part, cancellationToken);
                if (HoldsLoneSurrogate(part.GetBuffer().AsSpan(0, (int)part.Length)))
                {
                    return DirectLineProblems.BadArgument("The activity part holds a \\u escape of half a surrogate pair, which is not text.");
                }
                activity = JsonSerializer.Deserialize<Activity>(part.GetBuffer().AsSpan(0, (int)part.Length), ActivityJson.Options) ?? activity;
            }
            catch (JsonException)
            {
                return DirectLineProblems.BadArgument("The activity part is not valid JSON.");
            }
            if (activity.ListHoldingNull() is { } list)
            {
                return NullInList(list);
            }
        }
        if (files.Count == 0 || files.Count > settings.MaxUploadFiles || files.Sum(f => f.Length) > settings.MaxUploadBytes)
        {
            return DirectLineProblems.BadArgument($"Send 1 to {settings.MaxUploadFiles} files, together at most {settings.MaxUploadBytes} bytes.");
        }

        if (OverDailyBound(usage, settings, files.Count, files.Sum(f => f.Length)) is { } over)
        {
            return over;
        }

        // Every file is checked before any is kept: a request with one bad file keeps none.
        var checkedFiles = new List<(IFormFile File, byte[] Content, string Type)>();
        foreach (var file in files)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            var content = buffer.ToArray();
            var type = UploadedFile.Sniff(content);
            if (type is null)
            {
                return DirectLineProblems.BadArgument($"'{file.FileName}' is not a whole file of one of: {string.Join(", ", UploadedFile.AllowedTypes)}.");
            }
            checkedFiles.Add((file, content, type));
        }

        var attachments = new List<Bot.Schema.Attachment>();
        foreach (var (file, content, type) in checkedFiles)
        {
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            var name = Path.GetFileName(file.FileName) is { Length: > 0 and <= 200 } n ? PersonalData.Redact(n) : $"{id}";
            name = name.Length <= 200 ? name : id;
            await store.SaveAttachmentAsync(new AttachmentRecord
            {
                Id = id, ConversationId = conversationId, ContentType = type, Name = name, Content = content, CreatedAt = clock.GetUtcNow(),
                Size = content.Length, Uploader = uploader,
            }, cancellationToken);
            // The token's user slot carries the attachment id: the URL opens this one file of this conversation.
            var signature = tokens.Issue(conversationId, id, DirectLineTokens.AttachmentPurpose, TimeSpan.FromDays(7));
            var url = $"{request.Scheme}://{request.Host}{request.PathBase}/v3/directline/conversations/{conversationId}/attachments/{id}?sig={Uri.EscapeDataString(signature)}";
            attachments.Add(new Bot.Schema.Attachment { ContentType = type, ContentUrl = url, Name = name });
        }

        activity.Type = string.IsNullOrEmpty(activity.Type) ? ActivityTypes.Message : activity.Type;
        activity.Attachments = attachments;
        activity.From ??= new ChannelAccount();
        activity.From.Id = SenderId(caller, activity.From.Id ?? userId);
        activity.From.Role = RoleTypes.User;
        activity.Conversation = new ConversationAccount { Id = conversationId };
        activity.Recipient = BotIdentity.Account();
        activity.ChannelId ??= ChannelId;
        var (activityId, sequence) = await delivery.StoreAsync(activity, awaitingTurn: true, visibleToClient: true, cancellationToken);
        turns.Enqueue(sequence, activity);
        return TypedResults.Ok(new ResourceResponse(activityId));
    }

    /// <summary>
    /// A 429 problem when <paramref name="files"/> more files of <paramref name="bytes"/> bytes would pass a daily
    /// bound of the conversation or of the client address (DirectLine:Upload…PerDay), counted over the last 24 hours.
    /// Two uploads at once may both pass the check: the bounds hold to within one request.
    /// </summary>
    private static IResult? OverDailyBound(UploadUsage usage, DirectLineOptions settings, int files, long bytes)
    {
        var conversationFull = usage.ConversationFiles + files > settings.UploadFilesPerConversationPerDay || usage.ConversationBytes + bytes > settings.UploadBytesPerConversationPerDay;
        var addressFull = usage.AddressFiles + files > settings.UploadFilesPerAddressPerDay || usage.AddressBytes + bytes > settings.UploadBytesPerAddressPerDay;
        return conversationFull || addressFull
            ? DirectLineProblems.Create(StatusCodes.Status429TooManyRequests, "TooManyRequests",
                conversationFull ? "This conversation has uploaded as many files as it may today; please try again tomorrow or ask staff." : "Too many files were uploaded from this address today; please try again tomorrow.")
            : null;
    }

    /// <summary>An uploaded file, for the signed contentUrl of its conversation only.</summary>
    public static async Task<IResult> Attachment(string conversationId, string attachmentId, string? sig, DirectLineTokens tokens, ConversationStore store, CancellationToken cancellationToken)
    {
        var grant = sig is null ? null : tokens.Validate(sig, DirectLineTokens.AttachmentPurpose);
        if (grant is null || grant.ConversationId != conversationId || grant.UserId != attachmentId)
        {
            return DirectLineProblems.Forbidden();
        }
        var attachment = await store.FindAttachmentAsync(conversationId, attachmentId, cancellationToken);
        return attachment is null
            ? DirectLineProblems.NotFound()
            : TypedResults.File(attachment.Content, attachment.ContentType, attachment.Name);
    }

    /// <summary>The WebSocket stream: replays from the watermark, then pushes new activities, with heartbeats.</summary>
    public static async Task<IResult> Stream(
        HttpContext context, string conversationId, string? watermark, string? t, DirectLineTokens tokens,
        ConversationStore store, ConversationSignals signals, IOptions<SharedInstancesOptions> sharing, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return DirectLineProblems.BadArgument("This address takes a WebSocket connection.");
        }
        var grant = t is null ? null : tokens.Validate(t, DirectLineTokens.StreamPurpose);
        if (grant is null || grant.ConversationId != conversationId)
        {
            return DirectLineProblems.Forbidden();
        }
        if (!TryParseWatermark(watermark, out var from))
        {
            return DirectLineProblems.BadArgument("The watermark is not one this service gave out.");
        }
        var aborted = context.RequestAborted;
        if (!await store.ExistsAsync(conversationId, aborted))
        {
            return DirectLineProblems.NotFound();
        }

        using var subscription = signals.Subscribe(conversationId);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var logger = loggers.CreateLogger(typeof(DirectLineApi));
        try
        {
            await StreamAsync(socket, subscription, store, conversationId, from, sharing.Value.Shared, aborted);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            logger.LogDebug("Stream of {ConversationId} closed: {Reason}", conversationId, e.Message);
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await CloseAsync(socket, subscription);
            }
        }
        return TypedResults.Empty;
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
            var records = await store.ReadAfterAsync(conversationId, watermark, MaxActivitiesPerGet, cancellationToken);
            if (records.Count == 0)
            {
                return watermark;
            }
            watermark = records[^1].Sequence;
            await SendUtf8Async(socket, ActivitySetJson.Write(records, watermark), cancellationToken);
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

    private static async Task<(DirectLineCaller? Caller, IResult? Error)> AuthorizeAsync(
        HttpRequest request, string conversationId, DirectLineTokens tokens, ConversationStore store, CancellationToken cancellationToken)
    {
        var (caller, error) = DirectLineCaller.From(request, tokens);
        if (caller is null)
        {
            return (null, error);
        }
        if (!caller.CanUse(conversationId))
        {
            return (null, DirectLineProblems.Forbidden());
        }
        if (!await store.ExistsAsync(conversationId, cancellationToken))
        {
            return (null, DirectLineProblems.NotFound());
        }
        return (caller, null);
    }

    /// <summary>
    /// Who the client posts as. A token issued for a user speaks for that user only; otherwise the client's own id is
    /// kept (Web Chat makes one up), unless it is one the service itself writes as — the bot or staff — or too long.
    /// </summary>
    private static string SenderId(DirectLineCaller caller, string? claimed) => SenderId(claimed, caller.Grant?.UserId);

    /// <summary>The sender id a client may use: the one its token grants, else its own unless reserved or too long.</summary>
    internal static string SenderId(string? claimed, string? grantedUserId) =>
        grantedUserId
        ?? (string.IsNullOrWhiteSpace(claimed) || claimed.Length > 128 || ReservedSenderIds.Contains(claimed) ? "user" : claimed);

    private static readonly HashSet<string> ReservedSenderIds = new([BotIdentity.Id, "staff", "bot"], StringComparer.OrdinalIgnoreCase);

    internal static IResult NullInList(string list) => DirectLineProblems.BadArgument($"The activity's '{list}' holds a null; send objects only, or leave the list out.");

    private static TokenResponse NewConversationToken(DirectLineTokens tokens, string? userId)
    {
        var conversationId = NewConversationId();
        var token = tokens.Issue(conversationId, userId, DirectLineTokens.ConversationPurpose, tokens.Lifetime);
        return new TokenResponse(conversationId, token, (int)tokens.Lifetime.TotalSeconds);
    }

    private static ConversationResponse ConversationResponseFor(HttpContext context, DirectLineTokens tokens, string conversationId, string? userId, long? watermark)
    {
        var token = tokens.Issue(conversationId, userId, DirectLineTokens.ConversationPurpose, tokens.Lifetime);
        var streamToken = tokens.Issue(conversationId, userId, DirectLineTokens.StreamPurpose, StreamTokenLifetime);
        var request = context.Request;
        var scheme = request.IsHttps ? "wss" : "ws";
        var query = $"t={Uri.EscapeDataString(streamToken)}";
        if (watermark is > 0)
        {
            query += $"&watermark={watermark.Value.ToString(CultureInfo.InvariantCulture)}";
        }
        var streamUrl = $"{scheme}://{request.Host}{request.PathBase}/v3/directline/conversations/{conversationId}/stream?{query}";
        return new ConversationResponse(conversationId, token, (int)tokens.Lifetime.TotalSeconds, streamUrl);
    }

    private static string NewConversationId() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));

    /// <summary>Watermarks are the strings we gave out; empty or absent means "from the start".</summary>
    private static bool TryParseWatermark(string? watermark, out long value)
    {
        value = 0;
        return string.IsNullOrEmpty(watermark) || (long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 0);
    }

    private static Task<(T? Body, IResult? Error)> ReadSmallBodyAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class =>
        request.ContentLength is 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0)
            ? Task.FromResult<(T?, IResult?)>((null, null))
            : ReadBodyAsync<T>(request, MaxSmallBodyBytes, cancellationToken);

    /// <summary>
    /// True when a string of the JSON is an escaped lone surrogate ("\udfff"): JSON allows it, but kept in a
    /// JsonElement (value, channelData) it fails only later, when the activity is written back out.
    /// </summary>
    internal static bool HoldsLoneSurrogate(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>Reads a JSON body of at most <paramref name="maxBytes"/>; anything larger or malformed is a 400 problem.</summary>
    internal static async Task<(T? Body, IResult? Error)> ReadBodyAsync<T>(HttpRequest request, int maxBytes, CancellationToken cancellationToken) where T : class
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, DirectLineProblems.BadArgument($"The body is larger than {maxBytes} bytes."));
        }
        // Read into one buffer sized from Content-Length, growing only when a client did not say or said wrongly.
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, maxBytes) + 1);
        int read;
        while ((read = await request.Body.ReadAsync(buffer.GetMemory(), cancellationToken)) > 0)
        {
            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                return (null, DirectLineProblems.BadArgument($"The body is larger than {maxBytes} bytes."));
            }
        }
        if (buffer.WrittenCount == 0)
        {
            return (null, null);
        }
        try
        {
            return HoldsLoneSurrogate(buffer.WrittenSpan)
                ? (null, DirectLineProblems.BadArgument("The body holds a \\u escape of half a surrogate pair, which is not text."))
                : (JsonSerializer.Deserialize<T>(buffer.WrittenSpan, ActivityJson.Options), null);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, position {e.BytePositionInLine + 1})" : "";
            return (null, DirectLineProblems.BadArgument($"The body is not valid JSON{where}."));
        }
    }
}

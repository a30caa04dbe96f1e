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
    private static readonly TimeSpan StreamTokenLifetime = TimeSpan.FromMinutes(5);

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
        var (body, bodyError) = await DirectLineRequests.ReadSmallBodyAsync<ConversationRequest>(request, cancellationToken);
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
        HttpContext context, DirectLineTokens tokens, CitizenMessages messages, CancellationToken cancellationToken)
    {
        var (caller, error) = DirectLineCaller.From(context.Request, tokens);
        if (caller is null)
        {
            return error!;
        }
        var (body, bodyError) = await DirectLineRequests.ReadSmallBodyAsync<ConversationRequest>(context.Request, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var conversationId = caller.Grant?.ConversationId ?? NewConversationId();
        var userId = caller.Grant?.UserId ?? body?.User?.Id;
        var created = await messages.StartAsync(conversationId, ChannelId, userId, body?.Locale, cancellationToken);

        var response = ConversationResponseFor(context, tokens, conversationId, userId, watermark: null);
        return created
            ? TypedResults.Created($"/v3/directline/conversations/{conversationId}", response)
            : TypedResults.Ok(response);
    }

    /// <summary>Reconnect: a fresh token and stream address, replaying from the watermark.</summary>
    public static async Task<IResult> ResumeConversation(
        HttpContext context, string conversationId, string? watermark, DirectLineTokens tokens, ConversationStore store, CancellationToken cancellationToken)
    {
        var (caller, error) = await DirectLineRequests.AuthorizeAsync(context.Request, conversationId, tokens, store, cancellationToken);
        if (caller is null)
        {
            return error!;
        }
        if (!DirectLineRequests.TryParseWatermark(watermark, out var from))
        {
            return DirectLineProblems.BadArgument("The watermark is not one this service gave out.");
        }
        return TypedResults.Ok(ConversationResponseFor(context, tokens, conversationId, caller.Grant?.UserId, from));
    }

    public static async Task<IResult> GetActivities(
        HttpRequest request, string conversationId, string? watermark, DirectLineTokens tokens, ConversationStore store, CancellationToken cancellationToken)
    {
        var (caller, error) = await DirectLineRequests.AuthorizeAsync(request, conversationId, tokens, store, cancellationToken);
        if (caller is null)
        {
            return error!;
        }
        if (!DirectLineRequests.TryParseWatermark(watermark, out var from))
        {
            return DirectLineProblems.BadArgument("The watermark is not one this service gave out.");
        }
        var records = await store.ReadAfterAsync(conversationId, from, DirectLineRequests.MaxActivitiesPerGet, cancellationToken);
        var last = records.Count > 0 ? records[^1].Sequence : from;
        return TypedResults.Bytes(ActivitySetJson.Write(records, last), "application/json; charset=utf-8");
    }

    public static async Task<IResult> PostActivity(
        HttpRequest request, string conversationId, DirectLineTokens tokens, ConversationStore store, CitizenMessages messages,
        IOptions<DirectLineOptions> options, CancellationToken cancellationToken)
    {
        var (caller, error) = await DirectLineRequests.AuthorizeAsync(request, conversationId, tokens, store, cancellationToken);
        if (caller is null)
        {
            return error!;
        }
        var (activity, bodyError) = await DirectLineRequests.ReadBodyAsync<Activity>(request, options.Value.MaxActivityBytes, cancellationToken);
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
            return DirectLineRequests.NullInList(list);
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
            messages.SendTyping(activity);
            return TypedResults.Ok(new ResourceResponse(activity.Id!));
        }
        return TypedResults.Ok(new ResourceResponse(await messages.TakeAsync(activity, cancellationToken)));
    }

    /// <summary>Files with an activity (multipart); see <see cref="DirectLineUploads"/>.</summary>
    public static async Task<IResult> Upload(
        HttpContext context, string conversationId, string? userId, DirectLineTokens tokens, ConversationStore store, CitizenMessages messages,
        IOptions<DirectLineOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (caller, error) = await DirectLineRequests.AuthorizeAsync(context.Request, conversationId, tokens, store, cancellationToken);
        if (caller is null)
        {
            return error!;
        }
        var (activity, uploadError) = await DirectLineUploads.ReadAsync(context.Request, conversationId, tokens, store, options.Value, clock, cancellationToken);
        if (activity is null)
        {
            return uploadError!;
        }
        activity.Type = string.IsNullOrEmpty(activity.Type) ? ActivityTypes.Message : activity.Type;
        activity.From ??= new ChannelAccount();
        activity.From.Id = SenderId(caller, activity.From.Id ?? userId);
        activity.From.Role = RoleTypes.User;
        activity.Conversation = new ConversationAccount { Id = conversationId };
        activity.Recipient = BotIdentity.Account();
        activity.ChannelId ??= ChannelId;
        return TypedResults.Ok(new ResourceResponse(await messages.TakeAsync(activity, cancellationToken)));
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
        if (!DirectLineRequests.TryParseWatermark(watermark, out var from))
        {
            return DirectLineProblems.BadArgument("The watermark is not one this service gave out.");
        }
        var aborted = context.RequestAborted;
        if (!await store.ExistsAsync(conversationId, aborted))
        {
            return DirectLineProblems.NotFound();
        }

        await DirectLineSocket.RunAsync(context, signals, store, conversationId, from, sharing.Value.Shared, loggers.CreateLogger(typeof(DirectLineApi)));
        return TypedResults.Empty;
    }

    private static string SenderId(DirectLineCaller caller, string? claimed) => DirectLineRequests.SenderId(caller, claimed);

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
}

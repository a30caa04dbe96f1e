using System.Text.Json;
using CitizenHelper.Storage.Zalo;
using CitizenHelper.Web.DirectLine;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Zalo;

/// <summary>Wakes <see cref="ZaloEventWorker"/> when an event was kept in the inbox table.</summary>
public sealed class ZaloInboxSignal : ZaloSignal;

/// <summary>
/// The webhook Zalo posts events to. It only checks and keeps: the body is bounded, the signature verified, old
/// or future timestamps refused (a replay), and a delivery of an event already taken answered 200 and ignored. An
/// event is written to the inbox table before Zalo gets its 200, so one taken is not lost if the service stops. Zalo
/// wants an answer within seconds, so the bot runs in the background (<see cref="ZaloEventWorker"/>).
/// </summary>
public static class ZaloWebhookApi
{
    public const string Path = "/zalo/webhook";
    public const string RateLimit = "zalo-webhook";

    public static IEndpointRouteBuilder MapZaloWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ReceiveAsync).WithTags("Zalo").RequireRateLimiting(RateLimit).DisableAntiforgery();
        return app;
    }

    public static async Task<Results<Ok, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, IOptions<ZaloOptions> options, ZaloStore store, ZaloInboxSignal inbox, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var logger = loggers.CreateLogger(typeof(ZaloWebhookApi).FullName!);
        var body = await ReadBoundedAsync(request, settings.MaxEventBytes, cancellationToken);
        if (body is null)
        {
            logger.LogWarning("Zalo event refused: the body is over {Max} bytes", settings.MaxEventBytes);
            return Problem(StatusCodes.Status413PayloadTooLarge, $"The event is larger than {settings.MaxEventBytes} bytes.");
        }
        JsonElement root;
        try
        {
            root = JsonSerializer.Deserialize<JsonElement>(body);
        }
        catch (JsonException)
        {
            return Problem(StatusCodes.Status400BadRequest, "The body is not JSON.");
        }
        if (ZaloEvent.Read(root, out var problem) is not { } zaloEvent)
        {
            logger.LogWarning("Zalo event refused: {Problem}", problem);
            return Problem(StatusCodes.Status400BadRequest, problem!);
        }
        if (!ZaloSignature.Verify(request.Headers[ZaloSignature.HeaderName], settings.AppId, body, zaloEvent.Timestamp, settings.OaSecretKey))
        {
            logger.LogWarning("Zalo event refused: missing or wrong {Header}", ZaloSignature.HeaderName);
            return Problem(StatusCodes.Status401Unauthorized, "The event's signature is missing or wrong.");
        }
        var now = clock.GetUtcNow();
        if ((now - zaloEvent.At).Duration() > settings.EventMaxAge)
        {
            logger.LogWarning("Zalo event refused as a replay: its timestamp {At} is more than {MaxAge} from now", zaloEvent.At, settings.EventMaxAge);
            return Problem(StatusCodes.Status401Unauthorized, "The event's timestamp is too old or in the future.");
        }
        if (!ZaloEventNames.Handled(zaloEvent.Name))
        {
            return TypedResults.Ok();
        }
        if (await store.UnhandledCountAsync(cancellationToken) >= settings.QueueCapacity)
        {
            logger.LogWarning("Zalo event {Event} refused for now: {Capacity} events are waiting", zaloEvent.Name, settings.QueueCapacity);
            return Problem(StatusCodes.Status503ServiceUnavailable, "Busy; the event will be taken when it is sent again.");
        }
        if (!await store.TryAcceptAsync(zaloEvent.EventId, JsonSerializer.Serialize(zaloEvent), now, cancellationToken))
        {
            logger.LogInformation("Zalo event {Event} delivered again; ignored", zaloEvent.Name);
            return TypedResults.Ok();
        }
        inbox.Wake();
        return TypedResults.Ok();
    }

    /// <summary>The body, or null when it is longer than <paramref name="max"/> bytes (read no further than that).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        if (request.ContentLength > max)
        {
            return null;
        }
        return await BoundedDownload.ReadAsync(request.Body, max, cancellationToken);
    }

    private static ProblemHttpResult Problem(int status, string title) => TypedResults.Problem(statusCode: status, title: title);
}

using System.Text.Json;
using CitizenHelper.Bot;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Storage;
using CitizenHelper.Web.BotFramework;
using CitizenHelper.Web.DirectLine;
using CitizenHelper.Web.Options;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Apis;

/// <summary>
/// The Bot Framework Activity endpoint for channels (Azure Bot Service, Teams, the Emulator): <c>POST /api/messages</c>.
/// The same bot and turn pipeline as Direct Line; replies go back to the channel's service URL.
/// </summary>
public static class BotApi
{
    public const string RateLimit = "bot-messages";

    public static IEndpointRouteBuilder MapBotApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/messages", Messages).RequireRateLimiting(RateLimit).WithTags("Bot Framework");
        return app;
    }

    public static async Task<IResult> Messages(
        HttpRequest request, ChannelAuthenticator authenticator, ChannelConnector connector, BotAdapter adapter,
        ConversationStore conversations, ConversationDelivery delivery, IOptions<DirectLineOptions> limits, IOptions<BotOptions> botOptions,
        IWebHostEnvironment environment, TimeProvider clock, CancellationToken cancellationToken)
    {
        var bot = botOptions.Value;
        if (!bot.Authenticated && !(bot.AllowUnauthenticated ?? environment.IsDevelopment()))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
                title: "This endpoint needs Bot:AppId (or Bot:AllowUnauthenticated=true for the Emulator on this machine).");
        }
        // Read within the bound before anything else: the channel's token is checked against the activity's serviceUrl.
        var (activity, bodyError) = await DirectLineRequests.ReadBodyAsync<Activity>(request, limits.Value.MaxActivityBytes, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }
        if (activity is null || string.IsNullOrEmpty(activity.Type) || activity.Conversation?.Id is not { Length: > 0 and <= 64 } conversationId
            || string.IsNullOrEmpty(activity.ServiceUrl))
        {
            return DirectLineProblems.BadArgument("An activity needs type, serviceUrl and conversation.id (at most 64 characters).");
        }
        if (activity.ListHoldingNull() is { } list)
        {
            return DirectLineRequests.NullInList(list);
        }

        var auth = await authenticator.AuthenticateAsync(request, activity.ServiceUrl, cancellationToken);
        if (!auth.Allowed)
        {
            return TypedResults.Problem(statusCode: auth.Status, title: auth.Reason);
        }
        if (!connector.MayReplyTo(activity.ServiceUrl))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                title: "Without Bot:AppId, replies go only to the hosts in Bot:UnauthenticatedServiceHosts.");
        }

        // A conversation of our own Direct Line (no service URL) is never written from here: without an App ID
        // nothing vouches for the caller, and even a channel's token vouches only for its own conversations.
        if (await conversations.ExistsAsync(conversationId, cancellationToken) && await conversations.ServiceUrlAsync(conversationId, cancellationToken) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "That conversation is not one of this channel's.");
        }
        // The sender is whoever the channel says, but always a user: never the bot or staff, whatever id or role is claimed.
        activity.From ??= new ChannelAccount();
        activity.From.Id = DirectLineRequests.SenderId(activity.From.Id, grantedUserId: null);
        activity.From.Role = RoleTypes.User;

        // The conversation is kept so the bot's state and any escalation transcript work as on Direct Line.
        await conversations.CreateAsync(conversationId, activity.ChannelId ?? "unknown", activity.From?.Id, activity.Locale, cancellationToken, activity.ServiceUrl);
        // The channel's own activity id is kept: its replies must point at it. A channel retries an activity it saw
        // no answer to in time: the one already stored is not answered twice (ids are unique across conversations).
        if (activity.Id is not null && await conversations.ContainsActivityAsync(activity.Id, cancellationToken))
        {
            return TypedResults.Ok();
        }
        activity.Id ??= Guid.NewGuid().ToString("N");
        activity.Timestamp ??= clock.GetUtcNow();
        await conversations.AppendAsync(activity, awaitingTurn: false, visibleToClient: true, cancellationToken);

        await adapter.ProcessAsync(activity, async (reply, ct) =>
        {
            reply.Recipient = activity.From;
            reply.From = activity.Recipient ?? BotIdentity.Account();
            await delivery.StoreAsync(reply, awaitingTurn: false, visibleToClient: true, ct);
            return await connector.SendAsync(reply, ct);
        }, cancellationToken);
        return TypedResults.Ok();
    }
}

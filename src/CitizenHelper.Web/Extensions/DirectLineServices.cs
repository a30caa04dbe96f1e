using System.Threading.RateLimiting;
using CitizenHelper.Web.Apis;
using CitizenHelper.Web.DirectLine;
using CitizenHelper.Web.Options;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CitizenHelper.Web.Extensions;

public static class DirectLineServices
{
    /// <summary>The Direct Line channel: tokens, delivery, the turn processor, CORS and rate limits.</summary>
    public static WebApplicationBuilder AddDirectLine(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<DirectLineTokens>();
        services.AddHttpClient(nameof(BotFramework.ChannelAuthenticator));
        services.AddSingleton<BotFramework.ChannelAuthenticator>();
        services.AddHttpClient(nameof(BotFramework.ChannelConnector), c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<BotFramework.ChannelConnector>();
        services.AddSingleton<IChannelSender>(sp => sp.GetRequiredService<BotFramework.ChannelConnector>());
        services.AddHttpClient(AttachmentReader.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<Bot.Turns.IAttachmentReader, AttachmentReader>();
        services.AddConversations();

        services.AddCors(cors => cors.AddPolicy(DirectLineApi.CorsPolicy, policy => policy
            .WithHeaders(HeaderNames.Authorization, HeaderNames.ContentType, HeaderNames.Accept, "x-ms-bot-agent", "x-requested-with")
            .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Options)));
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<DirectLineOptions>>((cors, directLine) =>
            {
                var policy = cors.GetPolicy(DirectLineApi.CorsPolicy)!;
                foreach (var origin in directLine.Value.AllowedOrigins)
                {
                    policy.Origins.Add(origin);
                }
            });

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await DirectLineProblems.Create(StatusCodes.Status429TooManyRequests, "TooManyRequests", "Too many requests; please wait and try again.")
                    .ExecuteAsync(context.HttpContext);
            };
            // Over all conversations of one address: activities and uploads (see DirectLineOptions). The endpoint
            // decides, not the path: routing matches /Activities or a trailing slash as well. A post whose token may
            // not use the conversation counts apart, so junk does not spend the budget of citizens at that address.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => !IsCitizenPost(context)
                ? RateLimitPartition.GetNoLimiter("")
                : DirectLineCaller.ForConversation(context) is not null
                    ? RateLimitPartition.GetFixedWindowLimiter("address " + ClientAddress(context),
                        _ => PerMinute(context.RequestServices.GetRequiredService<IOptions<DirectLineOptions>>().Value.ActivitiesPerAddressPerMinute))
                    : RateLimitPartition.GetFixedWindowLimiter("refused " + ClientAddress(context),
                        _ => PerMinute(context.RequestServices.GetRequiredService<IOptions<DirectLineOptions>>().Value.RefusedPostsPerAddressPerMinute)));
            limiter.AddPolicy(DirectLineApi.WidgetTokenRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                ClientAddress(context),
                _ => PerMinute(context.RequestServices.GetRequiredService<IOptions<DirectLineOptions>>().Value.WidgetTokensPerMinute)));
            // Only authenticated posts spend a conversation's budget; refused ones are bounded above, per address.
            limiter.AddPolicy(DirectLineApi.ActivityRateLimit, context => DirectLineCaller.ForConversation(context) is not null
                ? RateLimitPartition.GetFixedWindowLimiter((string)context.Request.RouteValues["conversationId"]!,
                    _ => PerMinute(context.RequestServices.GetRequiredService<IOptions<DirectLineOptions>>().Value.ActivitiesPerMinute))
                : RateLimitPartition.GetNoLimiter(""));
            // A channel relays many users from few addresses: a generous bound, still a bound.
            limiter.AddPolicy(BotApi.RateLimit, context => RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context), _ => PerMinute(600)));
        });
        return builder;
    }

    private static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };

    /// <summary>A citizen's post (activities or upload): the matched endpoint carries the per-conversation limit.</summary>
    private static bool IsCitizenPost(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == DirectLineApi.ActivityRateLimit;

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}

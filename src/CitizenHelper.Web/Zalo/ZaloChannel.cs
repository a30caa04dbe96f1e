using System.Threading.RateLimiting;
using CitizenHelper.Web.DirectLine;
using CitizenHelper.Web.Instances;
using CitizenHelper.Web.Options;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Zalo;

/// <summary>
/// The Zalo Official Account channel (Zalo OA Open API v3), off unless Zalo:AppId is set.
/// <para>
/// Where things are: the channel is in this folder of the web project, because it is glue between Zalo's HTTP and the
/// service's own parts (the Direct Line turn processor and conversation delivery, Data Protection); only its tables
/// are in CitizenHelper.Storage/Zalo, and what the staff console shows of it is in Staff/ZaloStaffApi.cs. The bot itself is not touched: Zalo events
/// become the same activities the Direct Line path stores and queues (<see cref="ZaloEventWorker"/>, from the inbox table), and the bot's
/// and staff's messages in a Zalo conversation go through <see cref="ConversationDelivery"/> to <see cref="ZaloOutlet"/>,
/// a durable outbox that <see cref="ZaloOutboxSender"/> sends with the customer-service API.
/// </para>
/// <list type="bullet">
/// <item><see cref="ZaloWebhookApi"/>: POST /zalo/webhook, checks (size, signature, replay, retried delivery) and keeps the event in the inbox table before answering.</item>
/// <item><see cref="ZaloMessages"/>: activities as Zalo messages (split text, button templates, images).</item>
/// <item><see cref="ZaloClient"/>, <see cref="ZaloErrors"/>: the message API and what each error code means.</item>
/// <item><see cref="ZaloTokens"/>, <see cref="ZaloTokenKeeper"/>: the access token, refreshed ahead, the rotated refresh token kept.</item>
/// </list>
/// </summary>
public static class ZaloChannel
{
    public static WebApplicationBuilder AddZalo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddValidatedOptions<ZaloOptions>(ZaloOptions.SectionName, o => o.Validate());
        // Read now: whether the channel is on decides what is registered.
        if (!(builder.Configuration.GetSection(ZaloOptions.SectionName).Get<ZaloOptions>()?.Enabled ?? false))
        {
            return builder;
        }
        services.AddSingleton<ZaloInboxSignal>();
        services.AddSingleton<ZaloOutboxSignal>();
        services.AddSingleton<ZaloTokens>();
        services.AddSingleton<ZaloClient>();
        services.AddSingleton<ZaloOutlet>();
        services.AddSingleton<IActivityOutlet>(sp => sp.GetRequiredService<ZaloOutlet>());
        services.AddHttpClient(ZaloTokens.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddHttpClient(ZaloClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        // No redirects: a photo is fetched only from an allowed host, not from wherever that host points.
        services.AddHttpClient(ZaloEventWorker.ImageClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AllowAutoRedirect = false });
        // One instance at a time (Instances:Shared): a user's events in order, a message sent once, a refresh token
        // (single use at Zalo) refreshed by one.
        services.AddHostedServiceOnOneInstance<ZaloEventWorker>();
        services.AddHostedServiceOnOneInstance<ZaloOutboxSender>();
        services.AddHostedServiceOnOneInstance<ZaloTokenKeeper>();
        services.AddRateLimiter(limiter => limiter.AddPolicy(ZaloWebhookApi.RateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
            "zalo", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = context.RequestServices.GetRequiredService<IOptions<ZaloOptions>>().Value.EventsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            })));
        return builder;
    }

    public static IEndpointRouteBuilder MapZalo(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ServiceProvider.GetRequiredService<IOptions<ZaloOptions>>().Value.Enabled)
        {
            app.MapZaloWebhook();
        }
        return app;
    }
}

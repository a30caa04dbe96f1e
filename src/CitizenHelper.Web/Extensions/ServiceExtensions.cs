using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using CitizenHelper.Answering;
using CitizenHelper.Answering.Llm;
using CitizenHelper.Answering.Pipeline;
using CitizenHelper.Bot;
using CitizenHelper.Storage;
using CitizenHelper.Web.Apis;
using CitizenHelper.Web.DirectLine;
using CitizenHelper.Web.Health;
using CitizenHelper.Web.Instances;
using CitizenHelper.Web.Options;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CitizenHelper.Web.Extensions;

public static class ServiceExtensions
{
    public const string ConnectionStringName = "CitizenHelper";

    /// <summary>Configuration, validated at start-up; every key is documented in appsettings.example.json.</summary>
    public static WebApplicationBuilder AddCitizenHelperOptions(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<DirectLineOptions>(DirectLineOptions.SectionName, o => o.Validate())
            .PostConfigure<IHostEnvironment, ILoggerFactory>((options, environment, loggers) =>
            {
                if (options.Secret.Length == 0 && environment.IsDevelopment())
                {
                    options.Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                    loggers.CreateLogger("CitizenHelper.DirectLine").LogWarning(
                        "DirectLine:Secret is empty: generated one for this run (Development only). Set DirectLine:Secret to keep tokens valid across restarts.");
                }
            });
        services.AddValidatedOptions<KnowledgeOptions>(KnowledgeOptions.SectionName, o => o.Validate())
            .PostConfigure<IHostEnvironment>((options, environment) => options.ResolvedPath = ResolveFolder(options.Path, environment.ContentRootPath));
        services.AddValidatedOptions<BotOptions>(BotOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<ProxyOptions>(ProxyOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<StaffAdminOptions>(StaffAdminOptions.SectionName, o => o.Validate());
        // Empty public address: the one the service listens on, so links work on any port; a mismatch is warned about at start.
        services.AddValidatedOptions<AnsweringOptions>(AnsweringOptions.SectionName, o => o.Validate())
            .PostConfigure<IConfiguration>((options, configuration) => options.PublicBaseUrl = PublicAddress.Derive(configuration) ?? options.PublicBaseUrl);
        services.AddHostedService<StartupReport>();
        services.AddValidatedOptions<RetentionOptions>(RetentionOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<DossierOptions>(DossierOptions.SectionName, o => o.Validate())
            .PostConfigure<IHostEnvironment>((options, environment) => options.ResolvedSeedPath = options.SeedPath.Length > 0 ? ResolveFolder(options.SeedPath, environment.ContentRootPath) : "");
        return builder;
    }

    /// <summary>The database, the knowledge base and answering pipeline, and the bot.</summary>
    public static WebApplicationBuilder AddCitizenHelperCore(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        // First hosted service: the schema and knowledge base are ready before anything else starts.
        services.AddHostedService<StartupTasks>();
        services.AddHostedService<DossierSeeding>();
        var provider = StorageProviderSetting(builder.Configuration);
        var connectionString = provider == StorageProvider.PostgreSql
            ? PostgreSqlConnectionString(builder.Configuration)
            : SqliteConnectionString(builder.Configuration);
        services.AddStorage(provider, connectionString);
        // The key ring protects staff sign-ins and the Zalo refresh token kept in the database: it lives with the data,
        // so a restart or a new deployment can still read what the last one stored. A fixed application name keeps
        // it valid when the service moves to another folder. With several instances (Instances:Shared) the ring is kept
        // in the database instead (AddSharedInstances, registered after this, replaces the repository).
        services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(KeysFolder(builder.Configuration, provider, connectionString)));
        builder.AddSharedInstances(provider, connectionString);
        if (provider == StorageProvider.Sqlite)
        {
            services.AddHostedService<SqliteCheckpoints>();
        }
        services.AddAnswering(
            sp => sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.ResolvedPath,
            sp => sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.ResolvedCatalogPath,
            LlmSettings(builder),
            sp => sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.ResolvedCacheFolder);
        services.AddCitizenBot();
        services.AddHostedService<KnowledgeWatcher>();
        services.AddHostedServiceOnOneInstance<RetentionCleanup>();
        // Two instances starting together would each deliver the same pending staff reply.
        services.AddHostedServiceOnOneInstance<PendingReplyDelivery>();
        services.AddHostedServiceOnOneInstance<CallbackCleanup>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<KnowledgeHealthCheck>("knowledge");
        return builder;
    }

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

    /// <summary>The optional LLM: read now, because whether one is configured decides what is registered.</summary>
    private static LlmOptions LlmSettings(WebApplicationBuilder builder)
    {
        var llm = builder.Configuration.GetSection(LlmOptions.SectionName).Get<LlmOptions>() ?? new LlmOptions();
        var errors = llm.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(LlmOptions.SectionName, typeof(LlmOptions), errors);
        }
        llm.PromptsPath = ResolveFolder(llm.PromptsPath, builder.Environment.ContentRootPath);
        var missing = new[] { RephrasePrompt.FileName, TranslatePrompt.FileName }.FirstOrDefault(f => !File.Exists(Path.Combine(llm.PromptsPath, f)));
        if (llm.Provider != LlmProvider.None && missing is not null)
        {
            throw new OptionsValidationException(LlmOptions.SectionName, typeof(LlmOptions), [$"Llm:PromptsPath '{llm.PromptsPath}' has no {missing}."]);
        }
        return llm;
    }

    private static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };

    /// <summary>
    /// Behind the reverse proxies named in ForwardedHeaders (or the older DirectLine:KnownProxies), the client's
    /// address (for rate limits) comes from X-Forwarded-For and the scheme (https, which the console's Secure
    /// cookies need) from X-Forwarded-Proto; nothing else is believed, and without proxies the headers are ignored.
    /// </summary>
    public static WebApplication UseKnownProxies(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (ProxyOptions.AnyTrusted(app.Services))
        {
            var proxies = app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value;
            var directLineProxies = app.Services.GetRequiredService<IOptions<DirectLineOptions>>().Value.KnownProxies;
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.KnownProxies.Concat(directLineProxies))
            {
                forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
            foreach (var network in proxies.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
            app.UseForwardedHeaders(forwarded);
        }
        return app;
    }

    /// <summary>A citizen's post (activities or upload): the matched endpoint carries the per-conversation limit.</summary>
    private static bool IsCitizenPost(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == DirectLineApi.ActivityRateLimit;

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public const string StorageProviderKey = "Storage:Provider";
    public const string KeysFolderKey = "Storage:KeysFolder";
    public const string DataProtectionApplicationName = "CitizenHelper";

    /// <summary>
    /// Where the Data Protection key ring is kept: Storage:KeysFolder when set; else a "keys" folder beside the SQLite
    /// database, or data/keys in the working folder with PostgreSQL.
    /// </summary>
    public static string KeysFolder(IConfiguration configuration, StorageProvider provider, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.GetValue<string?>(KeysFolderKey) is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }
        if (provider == StorageProvider.Sqlite && new SqliteConnectionStringBuilder(connectionString) is { Mode: not SqliteOpenMode.Memory, DataSource: { Length: > 0 } file }
            && file != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
        {
            return Path.Combine(folder, "keys");
        }
        return Path.GetFullPath(Path.Combine("data", "keys"));
    }

    /// <summary>Storage:Provider, read now because it decides what is registered: Sqlite (default) or PostgreSql.</summary>
    private static StorageProvider StorageProviderSetting(IConfiguration configuration)
    {
        var value = configuration.GetValue<string?>(StorageProviderKey);
        if (string.IsNullOrWhiteSpace(value))
        {
            return StorageProvider.Sqlite;
        }
        // Enum.TryParse also takes numbers; only the names are settings.
        if (!Enum.TryParse<StorageProvider>(value.Trim(), ignoreCase: true, out var provider) || !Enum.GetNames<StorageProvider>().Contains(value.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            throw new OptionsValidationException(StorageProviderKey, typeof(StorageProvider),
                [$"{StorageProviderKey} '{value}' is not supported; use Sqlite (the default) or PostgreSql."]);
        }
        return provider;
    }

    /// <summary>The PostgreSQL connection string; it must name the server and the database.</summary>
    private static string PostgreSqlConnectionString(IConfiguration configuration)
    {
        const string Example = "'Host=localhost;Database=citizenhelper;Username=citizenhelper;Password=...'";
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        Npgsql.NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new OptionsValidationException(ConnectionStringName, typeof(string),
                [$"ConnectionStrings:{ConnectionStringName} is not a valid PostgreSQL connection string ({StorageProviderKey} is PostgreSql): {e.Message} Use one such as {Example}."]);
        }
        if (string.IsNullOrWhiteSpace(parsed.Host) || string.IsNullOrWhiteSpace(parsed.Database))
        {
            throw new OptionsValidationException(ConnectionStringName, typeof(string),
                [$"ConnectionStrings:{ConnectionStringName} must name a PostgreSQL Host and Database when {StorageProviderKey} is PostgreSql, such as {Example}."]);
        }
        return connectionString!;
    }

    /// <summary>The SQLite connection string, with its folder created so the file can be made on first run.</summary>
    private static string SqliteConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new OptionsValidationException(ConnectionStringName, typeof(string),
                [$"ConnectionStrings:{ConnectionStringName} is empty; set it to a SQLite connection string such as 'Data Source=data/citizenhelper.db'."]);
        }
        SqliteConnectionStringBuilder parsed;
        try
        {
            parsed = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new OptionsValidationException(ConnectionStringName, typeof(string), [$"ConnectionStrings:{ConnectionStringName} is not a valid SQLite connection string: {e.Message}"]);
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(parsed.DataSource));
        if (!string.IsNullOrEmpty(parsed.DataSource) && parsed.DataSource != ":memory:" && folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
        return connectionString;
    }

    /// <summary>A relative folder is looked up in the working folder first, then from <paramref name="contentRoot"/> upwards.</summary>
    public static string ResolveFolder(string path, string contentRoot)
    {
        if (Path.IsPathRooted(path) || Directory.Exists(path))
        {
            return Path.GetFullPath(path);
        }
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, path);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return Path.GetFullPath(path);
    }
}

using Microsoft.AspNetCore.DataProtection;
using System.Security.Cryptography;
using CitizenHelper.Answering;
using CitizenHelper.Answering.Llm;
using CitizenHelper.Answering.Pipeline;
using CitizenHelper.Bot;
using CitizenHelper.Storage;
using CitizenHelper.Web.Health;
using CitizenHelper.Web.Instances;
using CitizenHelper.Web.Options;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Extensions;

/// <summary>
/// What Program.cs registers, in order: the options, the core (database, knowledge base, answering, the bot); the Direct
/// Line channel is in <see cref="DirectLineServices"/>, the storage settings in <see cref="StorageSettings"/>.
/// </summary>
public static class ServiceExtensions
{
    public const string DataProtectionApplicationName = "CitizenHelper";

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
        // Before StartupTasks, so that the first load is followed by it too (the ranker, then a compaction).
        services.AddSingleton<AfterKnowledgeLoad>();
        services.AddHostedService(sp => sp.GetRequiredService<AfterKnowledgeLoad>());
        services.AddHostedService<StartupTasks>();
        services.AddHostedService<DossierSeeding>();
        var provider = StorageSettings.Provider(builder.Configuration);
        var connectionString = provider == StorageProvider.PostgreSql
            ? StorageSettings.PostgreSqlConnectionString(builder.Configuration)
            : StorageSettings.SqliteConnectionString(builder.Configuration);
        services.AddStorage(provider, connectionString);
        // The key ring protects staff sign-ins and the Zalo refresh token kept in the database: it lives with the data,
        // so a restart or a new deployment can still read what the last one stored. A fixed application name keeps
        // it valid when the service moves to another folder. With several instances (Instances:Shared) the ring is kept
        // in the database instead (AddSharedInstances, registered after this, replaces the repository).
        services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(StorageSettings.KeysFolder(builder.Configuration, provider, connectionString)));
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

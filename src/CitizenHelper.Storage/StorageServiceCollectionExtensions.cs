using CitizenHelper.Answering;
using CitizenHelper.Bot.Turns;
using CitizenHelper.Qr.Dossiers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers a SQLite database by connection string and the stores built on it.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, string connectionString) =>
        services.AddStorage(StorageProvider.Sqlite, connectionString);

    /// <summary>Registers the database (SQLite or PostgreSQL, by connection string) and the stores built on it.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, StorageProvider provider, string connectionString)
    {
        services.AddOptions<StaffOptions>();
        services.AddOptions<SharedInstancesOptions>();
        services.AddPooledDbContextFactory<CitizenHelperDbContext>(o => o.UseStorage(provider, connectionString));
        // Identity takes the context from the request scope; it comes from the same pool.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<CitizenHelperDbContext>>().CreateDbContext());
        services.AddSingleton<BatchWriter>();
        services.AddSingleton<ConversationStore>();
        services.AddSingleton<ConversationStateStore>();
        services.AddSingleton<IConversationStateStore>(sp => sp.GetRequiredService<ConversationStateStore>());
        services.AddSingleton<EscalationStore>();
        services.AddSingleton<EscalationListing>();
        services.AddSingleton<IRatingSink, RatingStore>();
        services.AddSingleton<StatsStore>();
        services.AddSingleton<GuidedSessionStore>();
        services.AddSingleton<CitizenHelper.Bot.Guided.IGuidedSessionStore>(sp => sp.GetRequiredService<GuidedSessionStore>());
        services.AddSingleton<IOutcomeSink>(sp => sp.GetRequiredService<StatsStore>());
        services.AddSingleton<DossierStore>();
        services.AddSingleton<IDossierStatusSource>(sp => sp.GetRequiredService<DossierStore>());
        services.AddSingleton<ICallbackSink>(sp => sp.GetRequiredService<EscalationStore>());
        services.AddSingleton<KnowledgeDraftStore>();
        services.AddOptions<RetentionOptions>();
        services.AddSingleton<DataRetention>();
        services.AddSingleton<Zalo.ZaloStore>();
        return services;
    }
}

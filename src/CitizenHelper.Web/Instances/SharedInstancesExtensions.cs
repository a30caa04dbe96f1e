using CitizenHelper.Storage;
using CitizenHelper.Web.Options;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CitizenHelper.Web.Instances;

public static class SharedInstancesExtensions
{
    /// <summary>
    /// Instances:Shared: what lets several instances run on one PostgreSQL database (the relay between their
    /// streams, shared Data Protection keys, rate limits counted in the database). Off: one instance, as before.
    /// </summary>
    public static WebApplicationBuilder AddSharedInstances(this WebApplicationBuilder builder, StorageProvider provider, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddValidatedOptions<SharedInstancesOptions>(SharedInstancesOptions.SectionName, o => o.Validate(provider));
        var shared = builder.Configuration.GetValue<bool>($"{SharedInstancesOptions.SectionName}:{nameof(SharedInstancesOptions.Shared)}");
        if (!shared || provider != StorageProvider.PostgreSql)
        {
            services.AddSingleton<IActivityRelay, NoRelay>();
            services.AddSingleton<ISharedRateLimits, NoSharedRateLimits>();
            return builder;
        }

        // A pool of its own for the relay (a listening connection that stays open, short notify commands) and the
        // shared rate counts (one upsert per citizen post); the keepalive notices a server that went away while the
        // listener waits.
        var relayConnection = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 5, MaxPoolSize = 16, ApplicationName = "citizenhelper-instances" };
        services.AddSingleton(_ => NpgsqlDataSource.Create(relayConnection.ConnectionString));
        services.AddSingleton<PostgresRelay>();
        services.AddSingleton<IActivityRelay>(sp => sp.GetRequiredService<PostgresRelay>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresRelay>());
        services.AddHealthChecks().AddCheck<RelayHealthCheck>("instances");

        // One application name on every instance (the default is the content root, which differs between machines).
        services.AddDataProtection().SetApplicationName("CitizenHelper");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
            o => o.XmlRepository = new DatabaseKeyRepository(sp.GetRequiredService<IDbContextFactory<CitizenHelperDbContext>>())));

        services.AddSingleton<ISharedRateLimits, DatabaseRateLimits>();
        return builder;
    }
}

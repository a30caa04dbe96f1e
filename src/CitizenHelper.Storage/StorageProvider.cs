using Microsoft.EntityFrameworkCore;

namespace CitizenHelper.Storage;

/// <summary>The database the service keeps its data in (<c>Storage:Provider</c>).</summary>
public enum StorageProvider
{
    /// <summary>One file on the service's machine: no server to run. The default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, for provinces that run one or several instances against a shared database.</summary>
    PostgreSql,
}

public static class StorageProviders
{
    /// <summary>PostgreSQL's migrations live in their own assembly; SQLite's in this one (the default).</summary>
    public const string PostgreSqlMigrationsAssembly = "CitizenHelper.Storage.PostgreSql";

    /// <summary>Points the context at the provider's database, with that provider's migrations.</summary>
    public static DbContextOptionsBuilder UseStorage(this DbContextOptionsBuilder options, StorageProvider provider, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        return provider switch
        {
            StorageProvider.Sqlite => options.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas()),
            StorageProvider.PostgreSql => options.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgreSqlMigrationsAssembly)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider."),
        };
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CitizenHelper.Storage;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the context without starting the web host or reaching a server:
/// SQLite by default, PostgreSQL when given <c>-- --provider PostgreSql</c> (see CitizenHelper.Storage.PostgreSql/README.md).
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<CitizenHelperDbContext>
{
    public CitizenHelperDbContext CreateDbContext(string[] args)
    {
        var provider = args.SkipWhile(a => a != "--provider").Skip(1).FirstOrDefault() is { } name
            ? Enum.Parse<StorageProvider>(name, ignoreCase: true)
            : StorageProvider.Sqlite;
        var connectionString = provider == StorageProvider.Sqlite ? "Data Source=design-time.db" : "Host=localhost;Database=design_time";
        var options = new DbContextOptionsBuilder<CitizenHelperDbContext>();
        options.UseStorage(provider, connectionString);
        return new(options.Options);
    }
}

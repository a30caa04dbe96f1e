using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CitizenHelper.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without starting the web host.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<CitizenHelperDbContext>
{
    public CitizenHelperDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CitizenHelperDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

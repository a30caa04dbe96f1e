using CitizenHelper.Answering;
using CitizenHelper.Storage;
using CitizenHelper.Web.Options;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Extensions;

/// <summary>
/// Runs before the service takes requests: applies database migrations, loads the knowledge base, rewrites centers
/// stored by name to unit codes, and creates the first administrator from configuration when no account exists yet.
/// </summary>
public sealed class StartupTasks(IServiceProvider services, ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The knowledge base loads on another core while the schema is migrated: neither needs the other, and the
        // first question waits for both.
        var loading = Task.Run(services.GetRequiredService<KnowledgeProvider>().Reload, cancellationToken);
        var contexts = services.GetRequiredService<IDbContextFactory<CitizenHelperDbContext>>();
        // Several instances starting together: one migrates and creates what is created once, the others wait and
        // then find it done.
        IAsyncDisposable? startupLock = null;
        if (services.GetRequiredService<IOptions<SharedInstancesOptions>>().Value.Shared)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            startupLock = await Instances.InstanceLock.StartupAsync(db.Database.GetConnectionString()!, cancellationToken);
        }
        await using (startupLock)
        {
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                await db.Database.MigrateAsync(cancellationToken);
                if (db.Database.IsSqlite())
                {
                    await SqlitePragmas.EnableWriteAheadLogAsync(db, cancellationToken);
                }
            }
            using var scope = services.CreateScope();
            await EnsureAdminAsync(scope.ServiceProvider, cancellationToken);
            if (startupLock is not null)
            {
                EnsureSharedKey();
            }
        }

        var knowledge = await loading;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var (rewritten, unresolved) = await CenterKeyMigration.RunAsync(db, knowledge.Base, Staff.StaffAccounts.CenterClaim, cancellationToken);
            if (rewritten > 0)
            {
                logger.LogInformation("Centers stored by name now stored by unit code: {Count} names rewritten", rewritten);
            }
            foreach (var name in unresolved)
            {
                logger.LogWarning("Center {Center} is stored by a name no single unit has; an administrator should route it again", name);
            }
        }
    }

    /// <summary>
    /// Several instances: the first Data Protection key is made here, under the start-up lock, instead of by whichever
    /// instance first signs someone in; two instances making one each at once would each sign with a key the other
    /// has not read yet.
    /// </summary>
    private void EnsureSharedKey()
    {
        var keys = services.GetRequiredService<Microsoft.AspNetCore.DataProtection.KeyManagement.IKeyManager>();
        var now = DateTimeOffset.UtcNow;
        if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now.AddDays(2)))
        {
            keys.CreateNewKey(now, now.AddDays(90));
            logger.LogInformation("Created the shared Data Protection key");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task EnsureAdminAsync(IServiceProvider scoped, CancellationToken cancellationToken)
    {
        var roles = scoped.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in new[] { StaffRoles.Staff, StaffRoles.Admin })
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var admin = scoped.GetRequiredService<IOptions<StaffAdminOptions>>().Value;
        var users = scoped.GetRequiredService<UserManager<StaffUser>>();
        if (await users.Users.AnyAsync(cancellationToken))
        {
            return;
        }
        if (admin.Email.Length == 0)
        {
            logger.LogWarning("No staff account exists and Staff:Admin:Email is empty: nobody can sign in to the staff console yet.");
            return;
        }
        var user = new StaffUser { UserName = admin.Email, Email = admin.Email, EmailConfirmed = true, DisplayName = "Administrator" };
        var created = await users.CreateAsync(user, admin.Password);
        if (!created.Succeeded)
        {
            throw new OptionsValidationException(StaffAdminOptions.SectionName, typeof(StaffAdminOptions),
                [.. created.Errors.Select(e => $"Staff:Admin:Password is not accepted: {e.Description}")]);
        }
        await users.AddToRoleAsync(user, StaffRoles.Admin);
        logger.LogInformation("Created the first administrator account from Staff:Admin:Email");
    }
}

using CitizenHelper.Web.Options;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Staff;

/// <summary>
/// In Production the console's cookies (sign-in and antiforgery) are Secure, and antiforgery will not issue one over
/// plain HTTP: every form page would fail with a bare 500. So a console page reached over HTTP says it needs HTTPS,
/// and the start-up log warns when the service has no HTTPS address and trusts no TLS-terminating proxy.
/// </summary>
public static class StaffHttps
{
    public static WebApplication UseStaffHttps(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!CookiesAreSecure(app.Services))
        {
            return app;
        }
        app.Use(async (context, next) =>
        {
            if (!context.Request.IsHttps && context.Request.Path.StartsWithSegments("/staff", StringComparison.OrdinalIgnoreCase))
            {
                var secure = $"https://{context.Request.Host}{context.Request.PathBase}{context.Request.Path}";
                await CitizenHelper.Web.Staff.Components.ConsoleView.Error(context, StatusCodes.Status403Forbidden,
                    "Trang cán bộ chỉ mở qua HTTPS. · The staff console needs HTTPS: its sign-in and antiforgery cookies are Secure in Production. "
                    + "Open it at https://…, or, if a reverse proxy terminates TLS, name it in ForwardedHeaders:KnownProxies (or KnownNetworks) so its X-Forwarded-Proto is believed.",
                    secure).ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }

    private static bool CookiesAreSecure(IServiceProvider services) =>
        services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).Cookie.SecurePolicy == CookieSecurePolicy.Always;

    /// <summary>
    /// The start-up warning, once the server listens (its addresses are known) and before the start is reported
    /// done, so the warning is in the log by the time anything is served.
    /// </summary>
    internal sealed class StartupWarning(IServer server, IServiceProvider services, ILogger<StartupWarning> logger) : IHostedLifecycleService
    {
        public Task StartedAsync(CancellationToken cancellationToken)
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            if (CookiesAreSecure(services) && !ProxyOptions.AnyTrusted(services)
                && !addresses.Any(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase)))
            {
                logger.LogWarning(
                    "The staff console needs HTTPS in Production (its cookies are Secure), but the service listens on {Addresses} and trusts no reverse proxy: "
                    + "add an https address to Urls, or name the TLS-terminating proxy in ForwardedHeaders:KnownProxies or ForwardedHeaders:KnownNetworks.",
                    addresses.Count == 0 ? "no address" : string.Join(", ", addresses));
            }
            return Task.CompletedTask;
        }

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

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
        var cookie = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).Cookie;
        if (cookie.SecurePolicy != CookieSecurePolicy.Always)
        {
            return app;
        }
        app.Lifetime.ApplicationStarted.Register(() => WarnWithoutHttps(app));
        app.Use(async (context, next) =>
        {
            if (!context.Request.IsHttps && context.Request.Path.StartsWithSegments("/staff", StringComparison.OrdinalIgnoreCase))
            {
                var secure = $"https://{context.Request.Host}{context.Request.PathBase}{context.Request.Path}";
                await Html.Error(context, StatusCodes.Status403Forbidden,
                    "Trang cán bộ chỉ mở qua HTTPS. · The staff console needs HTTPS: its sign-in and antiforgery cookies are Secure in Production. "
                    + "Open it at https://…, or, if a reverse proxy terminates TLS, name it in ForwardedHeaders:KnownProxies (or KnownNetworks) so its X-Forwarded-Proto is believed.",
                    secure).ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }

    private static void WarnWithoutHttps(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        if (!Extensions.ServiceExtensions.TrustsProxies(app.Services)
            && !addresses.Any(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase)))
        {
            app.Logger.LogWarning(
                "The staff console needs HTTPS in Production (its cookies are Secure), but the service listens on {Addresses} and trusts no reverse proxy: "
                + "add an https address to Urls, or name the TLS-terminating proxy in ForwardedHeaders:KnownProxies or ForwardedHeaders:KnownNetworks.",
                addresses.Count == 0 ? "no address" : string.Join(", ", addresses));
        }
    }
}

using CitizenHelper.Web.Options;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Extensions;

public static class KnownProxies
{
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
}

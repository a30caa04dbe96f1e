using System.Net;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Options;

/// <summary>
/// The reverse proxies in front of the service (section "ForwardedHeaders"): only their X-Forwarded-For (the
/// client's address, for rate limits) and X-Forwarded-Proto (https, for the console's Secure cookies) are believed.
/// </summary>
public sealed class ProxyOptions
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Proxies by IP address.</summary>
    public IList<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of proxies in CIDR notation (10.0.0.0/24), for proxies whose address changes (containers).</summary>
    public IList<string> KnownNetworks { get; set; } = [];

    /// <summary>Whether any reverse proxy is named (here or in the older DirectLine:KnownProxies), so forwarded headers are read.</summary>
    public static bool AnyTrusted(IServiceProvider services)
    {
        var proxies = services.GetRequiredService<IOptions<ProxyOptions>>().Value;
        return proxies.KnownProxies.Count + proxies.KnownNetworks.Count + services.GetRequiredService<IOptions<DirectLineOptions>>().Value.KnownProxies.Count > 0;
    }

    public IEnumerable<string> Validate()
    {
        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
        {
            yield return $"{SectionName}:{nameof(KnownProxies)} '{proxy}' is not an IP address.";
        }
        foreach (var network in KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
        {
            yield return $"{SectionName}:{nameof(KnownNetworks)} '{network}' is not a network in CIDR notation, such as 10.0.0.0/24.";
        }
    }
}

using CitizenHelper.Answering;
using CitizenHelper.Qr.Lookup;
using CitizenHelper.Qr.Payloads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Qr;

public static class QrServiceCollectionExtensions
{
    /// <summary>Scanned-payload look-ups. Needs the answering services (knowledge base, options) registered.</summary>
    public static IServiceCollection AddQrLookups(this IServiceCollection services)
    {
        services.AddSingleton(sp => new PayloadResolver(sp.GetRequiredService<IOptions<AnsweringOptions>>().Value.PublicBaseUrl));
        services.AddSingleton<ScanLookup>();
        services.AddSingleton(_ => new Photos.PhotoReader());
        services.AddSingleton(sp => new Posters.PosterCodes(sp.GetRequiredService<IOptions<AnsweringOptions>>().Value.PublicBaseUrl));
        return services;
    }
}

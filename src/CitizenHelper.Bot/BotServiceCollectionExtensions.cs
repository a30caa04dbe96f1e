using CitizenHelper.Bot.Guided;
using CitizenHelper.Bot.Turns;
using CitizenHelper.Qr;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CitizenHelper.Bot;

public static class BotServiceCollectionExtensions
{
    /// <summary>Registers the citizen bot (with guided mode around it) and the adapter channels run turns through.</summary>
    public static IServiceCollection AddCitizenBot(this IServiceCollection services)
    {
        services.AddQrLookups();
        services.AddSingleton<PhotoScans>();
        services.TryAddSingleton<IAttachmentReader, NoAttachmentReader>();
        services.AddSingleton<CitizenHelperBot>();
        services.AddGuidedMode();
        services.AddSingleton<IBot>(sp => sp.GetRequiredService<GuidedBot>());
        services.AddSingleton<BotAdapter>();
        return services;
    }
}

using CitizenHelper.Bot.Turns;
using CitizenHelper.Qr;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Bot;

public static class BotServiceCollectionExtensions
{
    /// <summary>Registers the citizen bot and the adapter channels run turns through.</summary>
    public static IServiceCollection AddCitizenBot(this IServiceCollection services)
    {
        services.AddQrLookups();
        services.AddSingleton<IBot, CitizenHelperBot>();
        services.AddSingleton<BotAdapter>();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CitizenHelper.Bot.Guided;

public static class GuidedServiceCollectionExtensions
{
    /// <summary>Registers guided mode: language packs, the flow, and the bot wrapper. An <see cref="IGuidedSessionStore"/> must be registered by the host.</summary>
    public static IServiceCollection AddGuidedMode(this IServiceCollection services)
    {
        services.AddSingleton<LanguagePackProvider>();
        services.TryAddSingleton<CitizenHelper.Answering.Llm.TextTranslator>();
        services.AddSingleton<GuidedFlow>();
        services.AddSingleton<GuidedBot>();
        return services;
    }
}

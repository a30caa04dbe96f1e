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
        // The flow takes the resident's moves; the others are its parts (see GuidedFlow).
        services.AddSingleton<GuidedProgress>();
        services.AddSingleton<GuidedWords>();
        services.AddSingleton<GuidedMessages>();
        services.AddSingleton<GuidedScreens>();
        services.AddSingleton<GuidedHelp>();
        services.AddSingleton<GuidedFlow>();
        services.AddSingleton<GuidedBot>();
        return services;
    }
}

namespace CitizenHelper.Conversations;

public static class ConversationsServiceCollectionExtensions
{
    /// <summary>
    /// Conversation delivery: storing and waking streams (<see cref="ConversationDelivery"/>), the citizen's messages
    /// taken in (<see cref="CitizenMessages"/>) and the bot's turns run for them (<see cref="TurnProcessor"/>).
    /// The host adds an <see cref="IChannelSender"/> and an <see cref="IActivityRelay"/>.
    /// </summary>
    public static IServiceCollection AddConversations(this IServiceCollection services)
    {
        services.AddSingleton<ConversationSignals>();
        services.AddSingleton<ConversationDelivery>();
        services.AddSingleton<PendingTurns>();
        services.AddSingleton<CitizenMessages>();
        services.AddHostedService<TurnProcessor>();
        return services;
    }
}

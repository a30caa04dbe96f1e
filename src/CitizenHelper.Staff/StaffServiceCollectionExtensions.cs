using CitizenHelper.Answering;

namespace CitizenHelper.Staff;

public static class StaffServiceCollectionExtensions
{
    /// <summary>
    /// The staff workflows: escalations routed to their center, staff actions and replies, knowledge drafting and
    /// portal review. Its background tasks (<see cref="PendingReplyDelivery"/>, <see cref="CallbackCleanup"/>) are
    /// registered by the host, which knows whether several instances share the database and only one may run them.
    /// </summary>
    public static IServiceCollection AddStaffWorkflows(this IServiceCollection services)
    {
        services.AddSingleton<CenterRouting>();
        services.AddSingleton<IEscalationSink>(sp => sp.GetRequiredService<CenterRouting>());
        services.AddSingleton<EscalationActions>();
        services.AddSingleton<StaffReplyDelivery>();
        services.AddSingleton<StaffSignatures>();
        services.AddSingleton<KnowledgeDrafting>();
        services.AddSingleton<DraftSuggestions>();
        services.AddSingleton<PortalReview>();
        return services;
    }
}

using CitizenHelper.Answering;

namespace CitizenHelper.Staff;

public static class StaffServiceCollectionExtensions
{
    /// <summary>
    /// The staff workflows: escalations routed to their center, staff actions and replies, knowledge drafting and
    /// portal review, and the tasks that deliver pending replies and end callbacks.
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
        services.AddHostedService<CallbackCleanup>();
        services.AddHostedService<PendingReplyDelivery>();
        return services;
    }
}

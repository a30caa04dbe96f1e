using CitizenHelper.Answering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitizenHelper.Bench;

/// <summary>The answering pipeline registered as the service registers it, without logging or escalations: what the benchmarks time.</summary>
internal static class AnsweringServices
{
    public static ServiceProvider Build(string knowledgeRoot, string? catalogPath, string? classifierCache = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IEscalationSink, NoEscalations>();
        services.AddOptions<AnsweringOptions>();
        services.AddAnswering(_ => knowledgeRoot, _ => catalogPath, classifierFolder: _ => classifierCache);
        return services.BuildServiceProvider();
    }

    private sealed class NoEscalations : IEscalationSink
    {
        public Task<string> RecordAsync(EscalationRequest request, CancellationToken cancellationToken) => Task.FromResult("BENCH");
    }
}

using CitizenHelper.Answering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitizenHelper.Eval;

/// <summary>
/// The answering pipeline registered as the service registers it, without logging, and with escalations only
/// numbered: what the evaluation answers with and the benchmarks time.
/// </summary>
public static class PipelineServices
{
    /// <param name="knowledgeRoot">The knowledge folder.</param>
    /// <param name="catalogPath">The national catalog to load beside it, or null.</param>
    /// <param name="classifierCache">A folder that keeps what is trained, or null to train at every load.</param>
    public static ServiceCollection Create(string knowledgeRoot, string? catalogPath, string? classifierCache = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IEscalationSink, NumberedEscalations>();
        services.AddOptions<AnsweringOptions>();
        services.AddAnswering(_ => knowledgeRoot, _ => catalogPath, classifierFolder: _ => classifierCache);
        return services;
    }

    private sealed class NumberedEscalations : IEscalationSink
    {
        private int _count;

        public Task<string> RecordAsync(EscalationRequest request, CancellationToken cancellationToken) =>
            Task.FromResult($"EVAL-{Interlocked.Increment(ref _count)}");
    }
}

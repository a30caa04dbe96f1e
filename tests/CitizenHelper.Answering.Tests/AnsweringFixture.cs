using CitizenHelper.Answering.Pipeline;
using CitizenHelper.Answering.Understanding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitizenHelper.Answering.Tests;

/// <summary>Records escalations instead of storing them, and hands out predictable reference codes.</summary>
internal sealed class RecordingEscalationSink : IEscalationSink
{
    public List<EscalationRequest> Recorded { get; } = [];

    public Task<string> RecordAsync(EscalationRequest request, CancellationToken cancellationToken)
    {
        Recorded.Add(request);
        return Task.FromResult($"CH-TEST{Recorded.Count}");
    }
}

/// <summary>
/// The bundled knowledge base, loaded once for the whole test run (with and without the national catalog): loading,
/// indexing and training on it takes seconds, and the tests only read it. Each <see cref="Answerer"/> still has its
/// own pipeline, conversation and escalations. What is parsed and trained is kept in data/cache under the test output,
/// as the service keeps it, so a second run reads it instead of training again.
/// </summary>
internal static class BundledKnowledge
{
    private static readonly Lazy<KnowledgeProvider> Alone = new(() => Load(null));
    private static readonly Lazy<KnowledgeProvider> WithCatalog = new(() => Load(RepositoryPaths.Catalog()));

    /// <summary>The shared provider for the bundled knowledge with this catalog, or null for a catalog of a test's own.</summary>
    public static KnowledgeProvider? For(string? catalogPath) =>
        catalogPath is null ? Alone.Value : catalogPath == RepositoryPaths.Catalog() ? WithCatalog.Value : null;

    private static KnowledgeProvider Load(string? catalogPath)
    {
        var cache = Path.GetFullPath("data/cache");
        var provider = new KnowledgeProvider(
            RepositoryPaths.Knowledge(), catalogPath, TimeProvider.System, NullLogger<KnowledgeProvider>.Instance, new ClassifierStore(cache), new KnowledgeCache(cache));
        _ = provider.Current;
        return provider;
    }
}

/// <summary>The answering pipeline as the service wires it, over a given knowledge folder (the bundled one by default).</summary>
internal sealed class Answerer : IDisposable
{
    private readonly ServiceProvider _services;

    public Answerer(string? knowledgeRoot = null, string? catalogPath = null, Llm.LlmOptions? llm = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IEscalationSink>(Sink);
        services.AddOptions<AnsweringOptions>();
        services.AddAnswering(_ => knowledgeRoot ?? RepositoryPaths.Knowledge(), _ => catalogPath, llm);
        if (knowledgeRoot is null && BundledKnowledge.For(catalogPath) is { } bundled)
        {
            services.AddSingleton(bundled);
        }
        _services = services.BuildServiceProvider();
        Pipeline = _services.GetRequiredService<AnswerPipeline>();
    }

    public RecordingEscalationSink Sink { get; } = new();
    public AnswerPipeline Pipeline { get; }
    public ConversationState State { get; private set; } = ConversationState.New;

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Asks within one conversation: state carries over between calls, as it does in the service.</summary>
    public async Task<Answer> AskAsync(string text, string? locale = null)
    {
        var (answer, state) = await Pipeline.AnswerAsync(new Question(text, locale, "conversation-1"), State, CancellationToken.None);
        State = state;
        return answer;
    }

    public void Dispose() => _services.Dispose();


}

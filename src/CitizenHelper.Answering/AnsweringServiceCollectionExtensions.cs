using System.Diagnostics.Metrics;
using CitizenHelper.Answering.Pipeline;
using CitizenHelper.Answering.Llm;
using CitizenHelper.Answering.Plugins;
using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Answering.Understanding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Data;
using OllamaSharp;

namespace CitizenHelper.Answering;

public static class AnsweringServiceCollectionExtensions
{
    /// <summary>
    /// Registers the answering pipeline on Semantic Kernel: the knowledge base (loaded from <paramref name="knowledgeRoot"/>),
    /// its text search, a kernel carrying the knowledge plugin, and the steps in order. An <see cref="IEscalationSink"/>
    /// must be registered by the host. With <paramref name="classifierFolder"/> naming a folder, trained question
    /// classifiers, parsed knowledge bases and their index are kept there, and a restart with the same knowledge reads them
    /// instead of training, parsing and indexing again.
    /// </summary>
    public static IServiceCollection AddAnswering(
        this IServiceCollection services, Func<IServiceProvider, string> knowledgeRoot, Func<IServiceProvider, string?>? catalogPath = null, LlmOptions? llm = null,
        Func<IServiceProvider, string?>? classifierFolder = null)
    {
        llm ??= new LlmOptions();
        services.AddSingleton(llm);
        services.AddSingleton(sp => new CircuitBreaker(llm.BreakAfterFailures, llm.BreakDuration, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var folder = classifierFolder?.Invoke(sp) is { Length: > 0 } cache ? cache : null;
            return new KnowledgeProvider(
                knowledgeRoot(sp), catalogPath?.Invoke(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<KnowledgeProvider>>(),
                folder is null ? null : new ClassifierStore(folder, logger: sp.GetRequiredService<ILogger<ClassifierStore>>()),
                folder is null ? null : new KnowledgeCache(folder, logger: sp.GetRequiredService<ILogger<KnowledgeCache>>()));
        });
        services.AddSingleton<KnowledgeTextSearch>();
        services.AddSingleton<ITextSearch<DocumentHit>>(sp => sp.GetRequiredService<KnowledgeTextSearch>());

        var kernel = services.AddKernel();
        if (llm.Provider != LlmProvider.None)
        {
            if (llm.Provider == LlmProvider.AzureOpenAI)
            {
                kernel.AddAzureOpenAIChatCompletion(llm.Model, llm.Endpoint, llm.ApiKey);
            }
            else if (llm.Provider == LlmProvider.Ollama)
            {
                // OllamaSharp's client is a Microsoft.Extensions.AI IChatClient; SK uses it as its chat service.
                services.AddSingleton<IChatCompletionService>(sp => new OllamaApiClient(
                    new HttpClient { BaseAddress = new Uri(llm.Endpoint), Timeout = llm.Timeout + llm.Timeout }, llm.Model).AsChatCompletionService(sp));
            }
            else
            {
                kernel.AddOpenAIChatCompletion(llm.Model, new Uri(llm.Endpoint), llm.ApiKey.Length > 0 ? llm.ApiKey : "none");
            }
            services.AddSingleton(_ => RephrasePrompt.FromFolder(llm.PromptsPath));
            services.AddSingleton(_ => TranslatePrompt.FromFolder(llm.PromptsPath));
        }
        else
        {
            services.AddSingleton(new RephrasePrompt(""));
            services.AddSingleton(new TranslatePrompt(""));
        }
        services.AddSingleton<KnowledgePlugin>();
        services.AddSingleton(sp => KernelPluginFactory.CreateFromObject(sp.GetRequiredService<KnowledgePlugin>(), KnowledgePlugin.Name));

        // Order matters: each step reads what the earlier ones decided.
        services.AddSingleton<IAnswerStep, UnderstandStep>();
        services.AddSingleton<IAnswerStep, GuardStep>();
        services.AddSingleton<IAnswerStep, RetrieveStep>();
        services.AddSingleton<IAnswerStep, DeclineStep>();
        services.AddSingleton<IAnswerStep, ClassifyStep>();
        services.AddSingleton<IAnswerStep, FaqStep>();
        services.AddSingleton<IAnswerStep, ProvinceStep>();
        services.AddSingleton<IAnswerStep, CodeStep>();
        services.AddSingleton<IAnswerStep, DecideStep>();
        services.AddSingleton<IAnswerStep, RankStep>();
        services.AddSingleton<IAnswerStep, ProvinceQuestionStep>();
        services.AddSingleton<IAnswerStep, UnitStep>();
        services.AddSingleton<IAnswerStep, ComposeStep>();
        services.AddSingleton<IAnswerStep, RephraseStep>();
        services.AddSingleton<IAnswerStep, TranslateStep>();
        services.AddSingleton<IAnswerStep, CheckStep>();
        services.AddSingleton<IAnswerStep, EscalateStep>();
        services.AddSingleton(sp => new AnsweringMetrics(sp.GetService<IMeterFactory>()));
        services.AddSingleton<AnswerPipeline>();
        return services;
    }
}

using System.Text.Json;
using CitizenHelper.Answering;
using CitizenHelper.Bot;
using CitizenHelper.Bot.Guided;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Bot.Turns;
using CitizenHelper.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitizenHelper.Web.Tests.Guided;

/// <summary>
/// The bot with guided mode as the service wires it, over a knowledge folder, with its stores in memory: turns go in
/// as activities, replies come out as the activities the bot sent.
/// </summary>
public sealed class GuidedHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public GuidedHarness(string? knowledgeRoot = null, CitizenHelper.Answering.Llm.LlmOptions? llm = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddOptions<AnsweringOptions>();
        services.AddAnswering(_ => knowledgeRoot ?? RepositoryPaths.Knowledge(), llm: llm);
        if (knowledgeRoot is null)
        {
            services.AddSingleton(BundledKnowledge.WithoutCatalog);
        }
        services.AddCitizenBot();
        // Whatever else the bot needs comes from the real storage (never touched here); what the tests look at is in memory.
        services.AddStorage($"Data Source={Path.Combine(Path.GetTempPath(), "citizenhelper-guided-unused.db")}");
        services.AddSingleton<IEscalationSink>(Escalations);
        services.AddSingleton<IConversationStateStore>(States);
        services.AddSingleton<IGuidedSessionStore>(Sessions);
        services.AddSingleton<IRatingSink>(new NoRatings());
        services.AddSingleton<IOutcomeSink>(new NoOutcomes());
        _services = services.BuildServiceProvider();
        Bot = _services.GetRequiredService<IBot>();
        Flow = _services.GetRequiredService<GuidedFlow>();
        Packs = _services.GetRequiredService<LanguagePackProvider>();
        Knowledge = _services.GetRequiredService<KnowledgeProvider>();
    }

    public IBot Bot { get; }
    public GuidedFlow Flow { get; }
    public LanguagePackProvider Packs { get; }
    public KnowledgeProvider Knowledge { get; }
    public MemorySessions Sessions { get; } = new();
    public MemoryStates States { get; } = new();
    public CountingEscalations Escalations { get; } = new();

    /// <summary>Opens the chat as the widget does for <c>?p=CODE&amp;mode=guided</c> (or <c>?g=TOKEN</c>).</summary>
    public Task<List<Activity>> OpenAsync(string conversation, string? code, string? resume = null, string lang = "vi") =>
        TurnAsync(conversation, new Activity
        {
            Type = ActivityTypes.Event,
            Name = CitizenHelperBot.OpenEventName,
            Value = JsonSerializer.SerializeToElement(new { procedure = code, mode = "guided", resume, lang }),
        });

    public Task<List<Activity>> SayAsync(string conversation, string text) =>
        TurnAsync(conversation, new Activity { Type = ActivityTypes.Message, Text = text });

    /// <summary>Presses the button with this title on the given message (a messageBack sends its value).</summary>
    public Task<List<Activity>> PressAsync(string conversation, Activity message, string title)
    {
        var button = Buttons(message).FirstOrDefault(b => b.Title == title)
            ?? throw new InvalidOperationException($"No button '{title}' on: {message.Text}\nButtons: {string.Join(", ", Buttons(message).Select(b => b.Title))}");
        return TurnAsync(conversation, new Activity { Type = ActivityTypes.Message, Text = button.Text, Value = button.Value });
    }

    public static IEnumerable<CardAction> Buttons(Activity message) => message.SuggestedActions?.Actions ?? [];

    public static IEnumerable<string> Titles(Activity message) => Buttons(message).Select(b => b.Title ?? "");

    public async Task<List<Activity>> TurnAsync(string conversation, Activity activity)
    {
        activity.Conversation = new ConversationAccount { Id = conversation };
        activity.From = new ChannelAccount { Id = "resident", Role = RoleTypes.User };
        activity.Locale ??= "vi-VN";
        var turn = new RecordingTurn(activity);
        await Bot.OnTurnAsync(turn, CancellationToken.None);
        return turn.Sent;
    }

    public void Dispose() => _services.Dispose();

    private sealed class RecordingTurn(Activity activity) : ITurnContext
    {
        public Activity Activity { get; } = activity;
        public List<Activity> Sent { get; } = [];

        public Task<string> SendActivityAsync(Activity activity, CancellationToken cancellationToken)
        {
            Sent.Add(activity);
            return Task.FromResult($"a{Sent.Count}");
        }
    }

    public sealed class MemorySessions : IGuidedSessionStore
    {
        private readonly Dictionary<string, GuidedSession> _byToken = [];

        public IReadOnlyCollection<GuidedSession> All => _byToken.Values;

        public Task<GuidedSession?> FindAsync(string token, CancellationToken cancellationToken) =>
            Task.FromResult(_byToken.GetValueOrDefault(token));

        public Task<GuidedSession?> LatestOpenAsync(string conversationId, CancellationToken cancellationToken) =>
            Task.FromResult(_byToken.Values.Where(s => s.ConversationId == conversationId && s.Stage != GuidedStage.Done)
                .OrderBy(s => s.Stopped).ThenByDescending(s => s.UpdatedAt).FirstOrDefault());

        public Task SaveAsync(GuidedSession session, CancellationToken cancellationToken)
        {
            _byToken[session.Token] = session;
            return Task.CompletedTask;
        }
    }

    public sealed class MemoryStates : IConversationStateStore
    {
        private readonly Dictionary<string, ConversationState> _states = [];

        public Task<ConversationState> LoadAsync(string conversationId, CancellationToken cancellationToken) =>
            Task.FromResult(_states.GetValueOrDefault(conversationId) ?? ConversationState.New);

        public Task SaveAsync(string conversationId, ConversationState state, CancellationToken cancellationToken)
        {
            _states[conversationId] = state;
            return Task.CompletedTask;
        }
    }

    public sealed class CountingEscalations : IEscalationSink
    {
        public List<EscalationRequest> Recorded { get; } = [];

        public Task<string> RecordAsync(EscalationRequest request, CancellationToken cancellationToken)
        {
            Recorded.Add(request);
            return Task.FromResult($"CH-T{Recorded.Count}");
        }
    }

    private sealed class NoRatings : IRatingSink
    {
        public Task RecordAsync(string conversationId, string? procedureCode, bool helpful, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class NoOutcomes : IOutcomeSink
    {
        public Task RecordAsync(string conversationId, string outcome, string? procedureCode, string language, CancellationToken cancellationToken, string? commune = null) => Task.CompletedTask;
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using CitizenHelper.Bot.Turns;

namespace CitizenHelper.Web.Telemetry;

/// <summary>The bot's turns as spans and metrics: how long an answer takes, what came of the question, escalations.</summary>
public static class TurnTelemetry
{
    public const string Name = "CitizenHelper.Turns";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "citizenhelper.turn.duration", "s", "From the bot taking a citizen's activity to its last reply.");

    public static readonly Counter<long> Outcomes = Meter.CreateCounter<long>(
        "citizenhelper.turn.outcomes", "{question}", "Questions by outcome (answered, clarify, escalated, smalltalk, refused-*).");

    public static readonly Counter<long> Escalations = Meter.CreateCounter<long>(
        "citizenhelper.escalations", "{escalation}", "Questions handed to staff.");

    /// <summary>
    /// The conversation as logs and spans name it: a short hash, enough to follow one conversation through the logs
    /// of every instance, without the id that opens it.
    /// </summary>
    public static string ConversationKey(string conversationId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(conversationId)).AsSpan(0, 6));
}

/// <summary>Each turn in a span and a logging scope named by the hashed conversation, and timed.</summary>
public sealed class ObservedBot(IBot inner, ILogger<ObservedBot> logger) : IBot
{
    public async Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var conversation = turn.Activity.Conversation?.Id is { } id ? TurnTelemetry.ConversationKey(id) : "";
        var channel = turn.Activity.ChannelId ?? "";
        using var span = TurnTelemetry.Source.StartActivity("turn");
        span?.SetTag("citizenhelper.conversation", conversation);
        span?.SetTag("citizenhelper.channel", channel);
        span?.SetTag("citizenhelper.activity.type", turn.Activity.Type);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Conversation"] = conversation, ["Channel"] = channel });
        var started = Stopwatch.GetTimestamp();
        try
        {
            await inner.OnTurnAsync(turn, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
        finally
        {
            TurnTelemetry.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("citizenhelper.channel", channel),
                new KeyValuePair<string, object?>("citizenhelper.activity.type", turn.Activity.Type));
        }
    }
}

/// <summary>Counts each question's outcome on its way to the dashboard's store.</summary>
public sealed class ObservedOutcomes(IOutcomeSink inner) : IOutcomeSink
{
    public Task RecordAsync(string conversationId, string outcome, string? procedureCode, string language, CancellationToken cancellationToken, string? commune = null)
    {
        TurnTelemetry.Outcomes.Add(1, new KeyValuePair<string, object?>("citizenhelper.outcome", outcome), new KeyValuePair<string, object?>("citizenhelper.language", language));
        if (outcome == "escalated")
        {
            TurnTelemetry.Escalations.Add(1);
        }
        Activity.Current?.SetTag("citizenhelper.outcome", outcome);
        return inner.RecordAsync(conversationId, outcome, procedureCode, language, cancellationToken, commune);
    }
}

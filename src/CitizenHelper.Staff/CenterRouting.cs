using CitizenHelper.Answering;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Storage;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Staff;

/// <summary>
/// Where the bot's escalations go (<see cref="IEscalationSink"/>): decides which center's staff get the question and
/// has it recorded for them. The commune the citizen named last decides the center — by its code, since names repeat
/// across provinces; a name that did not settle which unit decides nothing. Otherwise the configured default, if any.
/// </summary>
public sealed class CenterRouting(EscalationStore escalations, ConversationStore conversations, KnowledgeProvider knowledge, IOptions<StaffOptions> options)
    : IEscalationSink
{
    public async Task<string> RecordAsync(EscalationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var transcript = await conversations.TranscriptAsync(request.ConversationId, EscalationStore.TranscriptMessages, cancellationToken).ConfigureAwait(false);
        return await escalations.RecordAsync(request, transcript, CenterOf(request.Question, transcript), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>When the staff of the escalation's center are back at work; null when they are at work now.</summary>
    public Task<DateTimeOffset?> StaffBackAtAsync(string reference, CancellationToken cancellationToken) =>
        escalations.StaffBackAtAsync(reference, cancellationToken);

    /// <summary>The center key for a question and the conversation before it; null when nothing names one and there is no default.</summary>
    public string? CenterOf(string question, IReadOnlyList<Activity> transcript)
    {
        var units = knowledge.Current.Base;
        return transcript.Where(a => a.From?.Role is null or "user").Select(a => a.Text).Prepend(question).Reverse()
            .Select(t => t is null ? null : AdministrativeUnits.Find(t, units)?.Unit.Key)
            .FirstOrDefault(c => c is not null)
            ?? options.Value.DefaultCenterKey(units);
    }
}

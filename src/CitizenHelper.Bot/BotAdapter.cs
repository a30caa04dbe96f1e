using CitizenHelper.Answering;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Bot.Turns;
using Microsoft.Extensions.Logging;

namespace CitizenHelper.Bot;

/// <summary>
/// Runs one turn of the bot for a channel. The one place a failing turn is caught: it is logged, the citizen gets
/// an apology instead of silence, and the conversation's state is reset so it cannot fail the same way again.
/// </summary>
public sealed class BotAdapter(IBot bot, IConversationStateStore states, ILogger<BotAdapter> logger)
{
    public async Task ProcessAsync(Activity activity, Func<Activity, CancellationToken, Task<string>> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var turn = new TurnContext(activity, send);
        try
        {
            await bot.OnTurnAsync(turn, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Turn failed in conversation {ConversationId} for activity {ActivityId}", activity.Conversation?.Id, activity.Id);
            var english = activity.Locale?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true;
            await turn.SendActivityAsync(new Activity
            {
                Text = english
                    ? "Sorry, something went wrong on our side. Please ask again, or type \"talk to staff\"."
                    : "Xin lỗi, hệ thống vừa gặp lỗi. Bạn vui lòng hỏi lại, hoặc nhắn \"gặp cán bộ\".",
            }, cancellationToken).ConfigureAwait(false);
            if (activity.Conversation?.Id is { } conversationId)
            {
                await states.SaveAsync(conversationId, ConversationState.New, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private sealed class TurnContext(Activity activity, Func<Activity, CancellationToken, Task<string>> send) : ITurnContext
    {
        public Activity Activity { get; } = activity;

        public Task<string> SendActivityAsync(Activity reply, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(reply);
            reply.From ??= BotIdentity.Account();
            reply.Recipient ??= Activity.From;
            reply.Conversation ??= Activity.Conversation;
            reply.ReplyToId ??= Activity.Id;
            reply.ChannelId ??= Activity.ChannelId;
            reply.ServiceUrl ??= Activity.ServiceUrl;
            return send(reply, cancellationToken);
        }
    }
}

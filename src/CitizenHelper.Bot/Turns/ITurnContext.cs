using CitizenHelper.Bot.Schema;

namespace CitizenHelper.Bot.Turns;

/// <summary>One turn: the activity that arrived, and the way to answer into its conversation.</summary>
public interface ITurnContext
{
    Activity Activity { get; }

    /// <summary>Sends an activity into the turn's conversation; fills in from, conversation and replyToId. Returns its id.</summary>
    Task<string> SendActivityAsync(Activity activity, CancellationToken cancellationToken);
}

/// <summary>The bot: handles one turn at a time, in the spirit of Bot Builder's <c>OnTurnAsync</c>.</summary>
public interface IBot
{
    Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken);
}

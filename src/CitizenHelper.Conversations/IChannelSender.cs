using CitizenHelper.Bot.Schema;

namespace CitizenHelper.Conversations;

/// <summary>
/// Sends a later message (a staff reply) to the Bot Framework channel a conversation came from. The web layer
/// implements it, as it holds the channel's registration and credentials.
/// </summary>
public interface IChannelSender
{
    /// <summary>False for a service URL that must not be called.</summary>
    bool MayReplyTo(string serviceUrl);

    Task<string> SendAsync(Activity reply, CancellationToken cancellationToken);
}

using CitizenHelper.Bot.Schema;

namespace CitizenHelper.Conversations;

/// <summary>
/// Tells the other instances on the same database what this one stored or sent, so their open streams see it.
/// With one instance there is nobody to tell.
/// </summary>
public interface IActivityRelay
{
    /// <summary>An activity of the conversation was committed with this sequence (watermark).</summary>
    void Stored(string conversationId, long sequence);

    /// <summary>An activity for open streams only (typing).</summary>
    void Ephemeral(string conversationId, Activity activity);
}

/// <summary>One instance: streams are woken in-process only.</summary>
public sealed class NoRelay : IActivityRelay
{
    public void Stored(string conversationId, long sequence)
    {
    }

    public void Ephemeral(string conversationId, Activity activity)
    {
    }
}

using CitizenHelper.Bot.Schema;
using CitizenHelper.Storage;

namespace CitizenHelper.Conversations;

/// <summary>
/// Tells the other instances on the same database what this one stored or sent, so their open streams see it.
/// With one instance there is nobody to tell.
/// </summary>
public interface IActivityRelay
{
    /// <summary>An activity of the conversation was committed (its sequence, the visible activity before it, its JSON).</summary>
    void Stored(string conversationId, StoredActivity stored);

    /// <summary>An activity for open streams only (typing).</summary>
    void Ephemeral(string conversationId, Activity activity);
}

/// <summary>One instance: streams are woken in-process only.</summary>
public sealed class NoRelay : IActivityRelay
{
    public void Stored(string conversationId, StoredActivity stored)
    {
    }

    public void Ephemeral(string conversationId, Activity activity)
    {
    }
}

namespace CitizenHelper.Answering;

/// <summary>One citizen message to answer, with what the channel knows about it.</summary>
/// <param name="Text">The message text as typed.</param>
/// <param name="Locale">The client's locale (vi-VN, en-US), when it sent one.</param>
/// <param name="ConversationId">The conversation, so an escalation can keep its transcript.</param>
public sealed record Question(string Text, string? Locale, string ConversationId);

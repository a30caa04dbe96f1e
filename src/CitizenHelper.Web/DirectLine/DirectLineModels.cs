using System.Text.Json.Serialization;

namespace CitizenHelper.Web.DirectLine;

public sealed record TokenResponse(
    string ConversationId,
    string Token,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

public sealed record ConversationResponse(
    string ConversationId,
    string Token,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    string StreamUrl);

public sealed record ResourceResponse(string Id);

/// <summary>The optional body of tokens/generate and conversations: who the user is and their locale.</summary>
public sealed record ConversationRequest(ConversationRequestUser? User, string? Locale);

public sealed record ConversationRequestUser(string? Id, string? Name);

using Microsoft.Net.Http.Headers;

namespace CitizenHelper.Web.DirectLine;

/// <summary>Who is calling a Direct Line endpoint: the secret holder, or the holder of a token for one conversation.</summary>
public sealed record DirectLineCaller(bool HasSecret, TokenGrant? Grant)
{
    public bool CanUse(string conversationId) => HasSecret || Grant?.ConversationId == conversationId;

    /// <summary>The caller, or the error result to return (401 when no credential was sent, 403 when it is wrong).</summary>
    public static (DirectLineCaller? Caller, IResult? Error) From(HttpRequest request, DirectLineTokens tokens)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length == scheme.Length)
        {
            return (null, DirectLineProblems.MissingToken());
        }
        var credential = header[scheme.Length..].Trim();
        if (tokens.IsSecret(credential))
        {
            return (new DirectLineCaller(true, null), null);
        }
        var grant = tokens.Validate(credential, DirectLineTokens.ConversationPurpose);
        return grant is null ? (null, DirectLineProblems.Forbidden()) : (new DirectLineCaller(false, grant), null);
    }
}

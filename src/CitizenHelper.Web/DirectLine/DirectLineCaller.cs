using Microsoft.Net.Http.Headers;

namespace CitizenHelper.Web.DirectLine;

/// <summary>Who is calling a Direct Line endpoint: the secret holder, or the holder of a token for one conversation.</summary>
public sealed record DirectLineCaller(bool HasSecret, TokenGrant? Grant)
{
    public bool CanUse(string conversationId) => HasSecret || Grant?.ConversationId == conversationId;

    /// <summary>
    /// The caller of a request to one conversation's endpoint when its credential may use that conversation, else
    /// null. Worked out once per request: the rate limiters ask before the handler does, so a post is counted
    /// against the conversation and address only when it is authenticated.
    /// </summary>
    public static DirectLineCaller? ForConversation(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(typeof(DirectLineCaller), out var known))
        {
            return known as DirectLineCaller;
        }
        var (caller, _) = From(context.Request, context.RequestServices.GetRequiredService<DirectLineTokens>());
        var allowed = caller is not null && context.Request.RouteValues["conversationId"] is string conversationId && caller.CanUse(conversationId) ? caller : null;
        context.Items[typeof(DirectLineCaller)] = allowed;
        return allowed;
    }

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

namespace CitizenHelper.Web.DirectLine;

/// <summary>
/// Errors in both shapes clients read: RFC 9457 problem details, carrying the Direct Line
/// <c>{"error":{"code","message"}}</c> member that the official clients look for.
/// </summary>
public static class DirectLineProblems
{
    public static IResult BadArgument(string message) => Create(StatusCodes.Status400BadRequest, "BadArgument", message);
    public static IResult MissingToken() => Create(StatusCodes.Status401Unauthorized, "TokenMissing", "An Authorization: Bearer header with the Direct Line secret or a token is required.");
    public static IResult Forbidden() => Create(StatusCodes.Status403Forbidden, "TokenExpired", "The secret or token is wrong, expired, or not for this conversation.");
    public static IResult NotFound() => Create(StatusCodes.Status404NotFound, "BadArgument", "Conversation not found.");

    public static IResult Create(int status, string code, string message) =>
        TypedResults.Problem(
            statusCode: status,
            title: code,
            detail: message,
            extensions: new Dictionary<string, object?> { ["error"] = new { code, message } });
}

using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace CitizenHelper.Web.Health;

/// <summary>
/// While PostgreSQL restarts or cannot be reached, a request that needs it gets 503 problem details with Retry-After
/// (clients and the proxy try again; readiness says not ready meanwhile) instead of a 500 and an error per request.
/// </summary>
public sealed partial class DatabaseUnavailableHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!IsDatabaseUnavailable(exception))
        {
            return false;
        }
        LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path.Value ?? "", Reason(exception));
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
                Title = "Service temporarily unavailable",
                Detail = "The database cannot be reached right now; please try again in a few seconds.",
            },
        });
    }

    /// <summary>
    /// The server went away or refuses connections (a restart, a network cut, too many connections): not a bug of
    /// the request, so not a 500. A PostgreSQL error about the query itself is not this.
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres)
            {
                // 08: connection exception; 57P: operator intervention (shutdown, cannot connect now); 53: insufficient resources.
                return postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
                    || postgres.SqlState.StartsWith("53", StringComparison.Ordinal);
            }
            if (e is NpgsqlException)
            {
                // Not a server error: the connection failed or broke.
                return true;
            }
        }
        return false;
    }

    private static string Reason(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }
        return innermost.Message;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: the database cannot be reached ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string reason);
}

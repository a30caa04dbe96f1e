using System.Globalization;
using CitizenHelper.Web.Apis;
using CitizenHelper.Web.DirectLine;
using CitizenHelper.Web.Options;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CitizenHelper.Web.Instances;

/// <summary>Fixed one-minute windows counted across every instance; with one instance there is nothing to add.</summary>
public interface ISharedRateLimits
{
    /// <summary>Counts one request against each window; false when any is over its limit (the request is refused).</summary>
    ValueTask<bool> TryTakeAsync(IReadOnlyList<(string Key, int PerMinute)> windows, CancellationToken cancellationToken);
}

public sealed class NoSharedRateLimits : ISharedRateLimits
{
    public ValueTask<bool> TryTakeAsync(IReadOnlyList<(string Key, int PerMinute)> windows, CancellationToken cancellationToken) => ValueTask.FromResult(true);
}

/// <summary>
/// The counts in the shared database: one upsert per request counts it in all its windows at once. When the
/// database cannot be asked the request passes, and each instance's own in-memory limits still bound it.
/// </summary>
public sealed partial class DatabaseRateLimits(NpgsqlDataSource database, TimeProvider clock, ILogger<DatabaseRateLimits> logger) : ISharedRateLimits
{
    private const string Upsert = """
        INSERT INTO "RateCounters" ("Key", "WindowStart", "Count")
        SELECT k, @window, 1 FROM unnest(@keys) AS k
        ON CONFLICT ("Key") DO UPDATE SET
            "Count" = CASE WHEN "RateCounters"."WindowStart" = EXCLUDED."WindowStart" THEN "RateCounters"."Count" + 1 ELSE 1 END,
            "WindowStart" = EXCLUDED."WindowStart"
        RETURNING "Key", "Count"
        """;

    private long _nextCleanup;

    public async ValueTask<bool> TryTakeAsync(IReadOnlyList<(string Key, int PerMinute)> windows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var now = clock.GetUtcNow();
        var window = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        try
        {
            await using var command = database.CreateCommand(Upsert);
            command.Parameters.AddWithValue("window", window);
            command.Parameters.AddWithValue("keys", windows.Select(w => w.Key).ToArray());
            var allowed = true;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var key = reader.GetString(0);
                    allowed &= reader.GetInt32(1) <= windows.First(w => w.Key == key).PerMinute;
                }
            }
            await CleanUpNowAndThenAsync(now, cancellationToken).ConfigureAwait(false);
            return allowed;
        }
        catch (NpgsqlException e)
        {
            LogUncounted(logger, e.Message);
            return true;
        }
    }

    /// <summary>Windows of keys not seen for an hour go, at most once every ten minutes per instance.</summary>
    private async Task CleanUpNowAndThenAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextCleanup);
        if (now.ToUnixTimeSeconds() < due || Interlocked.CompareExchange(ref _nextCleanup, now.AddMinutes(10).ToUnixTimeSeconds(), due) != due)
        {
            return;
        }
        await using var command = database.CreateCommand("""DELETE FROM "RateCounters" WHERE "WindowStart" < @before""");
        command.Parameters.AddWithValue("before", now.AddHours(-1));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limits not counted across instances for a request: {Reason}")]
    private static partial void LogUncounted(ILogger logger, string reason);
}

/// <summary>
/// Several instances: the Direct Line limits of DirectLineOptions, counted in the shared database as well as by each
/// instance's in-memory limiter (which alone would let N instances take N times the budget).
/// </summary>
public static class SharedRateLimitMiddleware
{
    public static WebApplication UseSharedRateLimits(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Services.GetRequiredService<IOptions<Storage.SharedInstancesOptions>>().Value.Shared)
        {
            return app;
        }
        app.Use(async (context, next) =>
        {
            var windows = Windows(context);
            if (windows.Count > 0 && !await context.RequestServices.GetRequiredService<ISharedRateLimits>().TryTakeAsync(windows, context.RequestAborted))
            {
                var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                context.Response.Headers.RetryAfter = (60 - now.Second).ToString(CultureInfo.InvariantCulture);
                await DirectLineProblems.Create(StatusCodes.Status429TooManyRequests, "TooManyRequests", "Too many requests; please wait and try again.")
                    .ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }

    /// <summary>The same windows as the in-memory policies: a citizen's authenticated post (its conversation and address) and the widget token.</summary>
    private static List<(string Key, int PerMinute)> Windows(HttpContext context)
    {
        var policy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        var settings = context.RequestServices.GetRequiredService<IOptions<DirectLineOptions>>().Value;
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (policy == DirectLineApi.ActivityRateLimit && DirectLineCaller.ForConversation(context) is not null
            && context.Request.RouteValues["conversationId"] is string conversationId)
        {
            return [("conversation " + conversationId, settings.ActivitiesPerMinute), ("address " + address, settings.ActivitiesPerAddressPerMinute)];
        }
        if (policy == DirectLineApi.WidgetTokenRateLimit)
        {
            return [("widget-token " + address, settings.WidgetTokensPerMinute)];
        }
        return [];
    }
}

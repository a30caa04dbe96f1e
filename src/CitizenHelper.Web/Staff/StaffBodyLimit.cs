using Microsoft.AspNetCore.Http.Features;

namespace CitizenHelper.Web.Staff;

/// <summary>
/// Bounds the request body of the staff console and API (<c>/staff</c>, <c>/api/staff</c>) before anything reads
/// it: a declared length over the limit is refused at once; otherwise the server's own limit is lowered to it
/// (Kestrel stops reading there), and a body of unknown length (chunked) is read up to the limit and refused
/// beyond it. Large enough for a knowledge document being corrected; no staff request needs more.
/// </summary>
public static class StaffBodyLimit
{
    public const int MaxBytes = 256 * 1024;

    public static IApplicationBuilder UseStaffBodyLimit(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/staff", StringComparison.OrdinalIgnoreCase)
                || context.Request.Path.StartsWithSegments("/api/staff", StringComparison.OrdinalIgnoreCase),
            staff => staff.Use(LimitAsync));

    private static async Task LimitAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (request.ContentLength > MaxBytes)
        {
            await TooLargeAsync(context);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes;
        }
        if (request.ContentLength is null && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            var buffered = await ReadUpToLimitAsync(context);
            if (buffered is null)
            {
                await TooLargeAsync(context);
                return;
            }
            request.Body = buffered;
            request.ContentLength = buffered.Length;
            context.Response.RegisterForDispose(buffered);
        }
        await next(context);
    }

    /// <summary>The body in memory, or null when it is longer than the limit (read no further than one byte past it).</summary>
    private static async Task<MemoryStream?> ReadUpToLimitAsync(HttpContext context)
    {
        var buffered = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffered.Length + read > MaxBytes)
                {
                    await buffered.DisposeAsync();
                    return null;
                }
                buffered.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await buffered.DisposeAsync();
            return null;
        }
        buffered.Position = 0;
        return buffered;
    }

    /// <summary>413: an error page for a browser's form post, RFC 9457 problem details for everything else.</summary>
    private static Task TooLargeAsync(HttpContext context)
    {
        const string message = "Nội dung gửi lên tối đa 256 KB. · The request body may be at most 256 KB.";
        var page = context.Request.Path.StartsWithSegments("/staff", StringComparison.OrdinalIgnoreCase)
            && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        var result = page
            ? CitizenHelper.Web.Staff.Components.ConsoleView.Error(context, StatusCodes.Status413PayloadTooLarge, message)
            : TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: message);
        return result.ExecuteAsync(context);
    }
}

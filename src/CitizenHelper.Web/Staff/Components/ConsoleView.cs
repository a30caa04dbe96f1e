using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.WebEncoders;

namespace CitizenHelper.Web.Staff.Components;

/// <summary>
/// Renders a console page, a Razor component, on the server (static rendering: no circuit, no script needed), every
/// value encoded by Razor. Pages are never cached, never framed and load nothing from elsewhere.
/// </summary>
public static class ConsoleView
{
    public static IServiceCollection AddConsoleViews(this IServiceCollection services)
    {
        services.AddRazorComponents();
        // Vietnamese letters written as themselves, not as character references; markup characters are still encoded.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return services;
    }

    /// <summary>The page <typeparamref name="TPage"/> with the request's <see cref="ConsoleShell"/> and <paramref name="parameters"/>.</summary>
    public static RazorComponentResult<TPage> Page<TPage>(HttpContext context, object? parameters = null, int status = StatusCodes.Status200OK)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        ArgumentNullException.ThrowIfNull(context);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal) { ["Shell"] = ConsoleShell.For(context) };
        if (parameters is not null)
        {
            foreach (var property in parameters.GetType().GetProperties())
            {
                values[property.Name] = property.GetValue(parameters);
            }
        }
        Protect(context);
        return new RazorComponentResult<TPage>(values) { StatusCode = status, ContentType = "text/html; charset=utf-8" };
    }

    /// <summary>An error page: what went wrong, plainly, and a way back.</summary>
    public static IResult Error(HttpContext context, int status, string message, string? back = null) =>
        Page<ErrorPage>(context, new
        {
            Title = status switch
            {
                StatusCodes.Status403Forbidden => "Không được phép · Not allowed",
                StatusCodes.Status404NotFound => "Không tìm thấy · Not found",
                StatusCodes.Status409Conflict => "Đã thay đổi · Changed meanwhile",
                StatusCodes.Status410Gone => "Không còn · Gone",
                StatusCodes.Status413PayloadTooLarge => "Quá dài · Too long",
                _ => "Không thực hiện được · Not done",
            },
            Message = message,
            Back = back ?? "/staff",
        }, status);

    public static void Protect(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Frame-Options"] = "DENY";
        context.Response.Headers["Content-Security-Policy"] = "default-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'";
    }
}

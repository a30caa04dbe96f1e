using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using CitizenHelper.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CitizenHelper.Web.Staff;

/// <summary>
/// The console's pages as plain server-rendered HTML: one layout, every value encoded, every form carrying an
/// antiforgery token. Labels are Vietnamese with English beside them.
/// </summary>
public static class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>Encodes text for HTML content and attribute values.</summary>
    public static string E(string? text) => text is null ? "" : Encoder.Encode(text);

    public static string E(DateTimeOffset? at) => at is { } value ? value.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "";

    public static IResult Page(HttpContext context, string title, string body, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        var nav = new StringBuilder();
        if (user.Identity?.IsAuthenticated == true)
        {
            nav.Append("<nav><a href=\"/staff\">Hàng chờ · Queue</a> <a href=\"/staff/dashboard\">Thống kê · Dashboard</a> <a href=\"/staff/drafts\">Bản nháp tri thức · Knowledge drafts</a> <a href=\"/staff/posters\">Áp phích QR · QR posters</a> <a href=\"/staff/guided\">Hướng dẫn từng bước · Guided help</a>");
            if (user.IsInRole(StaffRoles.Admin))
            {
                nav.Append(" <a href=\"/staff/users\">Tài khoản · Accounts</a> <a href=\"/staff/audit\">Nhật ký · Audit log</a> <a href=\"/staff/portal\">Thay đổi từ Cổng DVC · Portal changes</a>");
            }
            nav.Append(CultureInfo.InvariantCulture, $" <span class=\"who\">{E(user.Identity.Name)}</span>");
            nav.Append(Form(context, "/staff/logout", "", "Đăng xuất · Sign out", inline: true));
            nav.Append("</nav>");
        }
        var html = $"""
            <header><strong>CitizenHelper</strong> {nav}</header>
            <main>
            <h1>{E(title)}</h1>
            {body}
            </main>
            """;
        return Document(context, title, "/staff.css", html, status);
    }

    /// <summary>
    /// A whole HTML page of the console (a console page, or a printable poster with its own stylesheet), never
    /// cached, never framed, loading nothing from elsewhere.
    /// </summary>
    public static ContentHttpResult Document(HttpContext context, string title, string stylesheet, string body, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(context);
        var html = $"""
            <!doctype html>
            <html lang="vi">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)} — CitizenHelper</title>
            <link rel="stylesheet" href="{E(stylesheet)}">
            <link rel="icon" href="data:,">
            </head>
            <body>
            {body}
            </body>
            </html>
            """;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Frame-Options"] = "DENY";
        context.Response.Headers["Content-Security-Policy"] = "default-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'";
        return TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>An error page: what went wrong, plainly, and a way back.</summary>
    public static IResult Error(HttpContext context, int status, string message, string? back = null) =>
        Page(context, status switch
        {
            StatusCodes.Status404NotFound => "Không tìm thấy · Not found",
            StatusCodes.Status409Conflict => "Đã thay đổi · Changed meanwhile",
            StatusCodes.Status410Gone => "Không còn · Gone",
            StatusCodes.Status413PayloadTooLarge => "Quá dài · Too long",
            _ => "Không thực hiện được · Not done",
        }, $"<p class=\"error\" role=\"alert\">{E(message)}</p><p><a href=\"{E(back ?? "/staff")}\">← Quay lại · Back</a></p>", status);

    /// <summary>A POST form with the antiforgery token; <paramref name="fields"/> is already-encoded HTML.</summary>
    public static string Form(HttpContext context, string action, string fields, string button, bool inline = false, string? cssClass = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        var tokens = antiforgery.GetAndStoreTokens(context);
        var css = cssClass ?? (inline ? "inline" : "");
        return $"<form method=\"post\" action=\"{E(action)}\" class=\"{css}\"><input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">{fields}<button type=\"submit\">{E(button)}</button></form>";
    }

    public static string Hidden(string name, string? value) => $"<input type=\"hidden\" name=\"{E(name)}\" value=\"{E(value)}\">";

    public static string Select(string name, string label, string? selected, IEnumerable<(string Value, string Text)> options, bool any = true)
    {
        var html = new StringBuilder($"<label>{E(label)} <select name=\"{E(name)}\">");
        if (any)
        {
            html.Append("<option value=\"\">— tất cả · all —</option>");
        }
        foreach (var (value, text) in options)
        {
            html.Append(CultureInfo.InvariantCulture, $"<option value=\"{E(value)}\"{(value == selected ? " selected" : "")}>{E(text)}</option>");
        }
        return html.Append("</select></label>").ToString();
    }

    public static string Status(EscalationStatus status) => status switch
    {
        EscalationStatus.Open => "Mới · Open",
        EscalationStatus.Assigned => "Đã nhận · Assigned",
        EscalationStatus.Answered => "Đã trả lời · Answered",
        _ => "Đã xong · Resolved",
    };

    public static string Reason(string reason) => reason switch
    {
        "NoMatch" => "Không tìm thấy · No match",
        "LowConfidence" => "Chưa chắc · Low confidence",
        "AskedForPerson" => "Muốn gặp cán bộ · Asked for a person",
        "Guardrail" => "Bị từ chối · Guardrail",
        "NotHelpful" => "Không hữu ích · Not helpful",
        "QrUnreadable" => "Không đọc được mã QR · QR could not be read",
        _ => reason,
    };

    public static readonly string[] Reasons = ["NoMatch", "LowConfidence", "AskedForPerson", "Guardrail", "NotHelpful", "QrUnreadable"];

    public static bool IsAdmin(ClaimsPrincipal user) => user?.IsInRole(StaffRoles.Admin) == true;
}

/// <summary>Reading a console form: bounded in size and checked against forgery before anything is done.</summary>
public static class ConsoleForms
{
    public const string TokenField = "__RequestVerificationToken";

    /// <summary>The form, or an error page: 400 when it is not a form or the antiforgery token is missing or wrong (its size is bounded before, by <see cref="StaffBodyLimit"/>).</summary>
    public static async Task<(IFormCollection? Form, IResult? Error)> ReadAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.HasFormContentType)
        {
            return (null, Html.Error(context, StatusCodes.Status400BadRequest, "The request must be sent as a form. / Biểu mẫu phải gửi dạng form."));
        }
        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return (null, Html.Error(context, StatusCodes.Status400BadRequest,
                "This form was not sent from this console's page (missing or wrong security token). Open the page again and retry. / Biểu mẫu không hợp lệ (thiếu hoặc sai mã bảo mật). Hãy mở lại trang rồi thử lại."));
        }
        return (await context.Request.ReadFormAsync(context.RequestAborted), null);
    }
}

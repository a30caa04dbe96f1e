using CitizenHelper.Web.Staff.Components;
using Microsoft.AspNetCore.Antiforgery;

namespace CitizenHelper.Web.Staff;

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
            return (null, ConsoleView.Error(context, StatusCodes.Status400BadRequest, "Biểu mẫu phải gửi dạng form. · The request must be sent as a form."));
        }
        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return (null, ConsoleView.Error(context, StatusCodes.Status400BadRequest,
                "Biểu mẫu không hợp lệ (thiếu hoặc sai mã bảo mật). Hãy mở lại trang rồi thử lại. · This form was not sent from this console's page (missing or wrong security token). Open the page again and retry."));
        }
        return (await context.Request.ReadFormAsync(context.RequestAborted), null);
    }
}

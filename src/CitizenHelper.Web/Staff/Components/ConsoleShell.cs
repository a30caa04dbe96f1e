using Microsoft.AspNetCore.Antiforgery;

namespace CitizenHelper.Web.Staff.Components;

/// <summary>
/// What every console page needs besides its own data: who is signed in (for the navigation) and the antiforgery
/// token its forms carry. Built once per request by <see cref="ConsoleView"/>.
/// </summary>
public sealed record ConsoleShell(string? UserName, bool SignedIn, bool IsAdmin, string TokenField, string Token)
{
    public static ConsoleShell For(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return new ConsoleShell(
            user.Identity?.Name, user.Identity?.IsAuthenticated == true, Html.IsAdmin(user), tokens.FormFieldName, tokens.RequestToken ?? "");
    }
}

using CitizenHelper.Storage;
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
        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        AntiforgeryTokenSet? tokens = null;
        try
        {
            tokens = antiforgery.GetAndStoreTokens(context);
        }
        catch (InvalidOperationException)
        {
            // Secure cookies over plain HTTP (the page saying the console needs HTTPS): a page without working forms.
        }
        return new ConsoleShell(
            user.Identity?.Name, user.Identity?.IsAuthenticated == true, user.IsInRole(StaffRoles.Admin),
            tokens?.FormFieldName ?? ConsoleForms.TokenField, tokens?.RequestToken ?? "");
    }
}

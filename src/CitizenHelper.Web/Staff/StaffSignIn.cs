using System.Security.Claims;
using System.Security.Cryptography;
using CitizenHelper.Storage;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Staff;

/// <summary>
/// Checks a staff member's e-mail and password for the console and the API alike, and ends sessions. A failed
/// sign-in says the same whatever the reason and takes the same path: an unknown e-mail and a locked or disabled
/// account check one password hash, as a wrong password does, so neither the answer nor its time tells whether the
/// e-mail has an account.
/// </summary>
public sealed class StaffSignIn(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, IPasswordHasher<StaffUser> hasher, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock)
{
    /// <summary>The one answer to a failed sign-in (it names the lockout without saying whether it applies).</summary>
    public const string Failed = "Sai email hoặc mật khẩu, hoặc tài khoản đang bị khoá (15 phút sau 5 lần sai) hay bị quản trị viên khoá. · Wrong email or password, or the account is locked (for 15 minutes after 5 failed attempts) or disabled by an administrator.";

    private static string? _placeholderHash;

    /// <summary>The account, when the password is right and the account may sign in now; otherwise null.</summary>
    public async Task<StaffUser?> CheckAsync(string email, string password)
    {
        var user = await users.FindByNameAsync(email);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            // Work as a wrong password does, against a hash made by the same hasher with the same settings.
            hasher.VerifyHashedPassword(new StaffUser(), PlaceholderHash(), password);
            return null;
        }
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        return result.Succeeded ? user : null;
    }

    /// <summary>
    /// The account of a refresh token from the API's sign-in, while the token is unexpired and the account's
    /// sessions are still valid (not signed out, not disabled); otherwise null.
    /// </summary>
    public async Task<StaffUser?> RefreshAsync(string? refreshToken)
    {
        var protector = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = refreshToken is { Length: > 0 and <= 8192 } ? protector.Unprotect(refreshToken) : null;
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires)
        {
            return null;
        }
        return await signIn.ValidateSecurityStampAsync(ticket.Principal) is { } user && !StaffAccounts.IsDisabled(user) ? user : null;
    }

    /// <summary>
    /// Ends every session of the account on the server: a new security stamp, which every request's cookie or token
    /// is checked against (<see cref="StaffAccounts.UseStaffSessions"/>), and every refresh token too.
    /// </summary>
    public async Task EndSessionsAsync(ClaimsPrincipal principal)
    {
        if (await users.GetUserAsync(principal) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }
    }

    private string PlaceholderHash()
    {
        if (Volatile.Read(ref _placeholderHash) is { } hash)
        {
            return hash;
        }
        Interlocked.CompareExchange(ref _placeholderHash, hasher.HashPassword(new StaffUser(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))), null);
        return _placeholderHash!;
    }
}

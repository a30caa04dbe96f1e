using System.Security.Claims;
using System.Threading.RateLimiting;
using CitizenHelper.Storage;
using CitizenHelper.Web.Options;
using CitizenHelper.Web.Staff.Components;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Staff;

/// <summary>
/// Staff sign-in: ASP.NET Core Identity (hashed passwords, lockout) with a cookie for the console's pages and a
/// bearer token for integrations. One policy scheme picks the one the request carries, so the same authorization
/// policies serve both.
/// </summary>
public static class StaffAccounts
{
    public const string LoginRateLimit = "staff-login";

    public const string Scheme = "staff";
    public const string StaffPolicy = "staff";
    public const string AdminPolicy = "admin";

    /// <summary>The claim naming a center (its commune or ward in knowledge/centers) a staff member works for.</summary>
    public const string CenterClaim = "citizenhelper:center";

    /// <summary>The header a script on a console page sends the antiforgery token in when it posts to the JSON API with the cookie.</summary>
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    public static WebApplicationBuilder AddStaffAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var secure = builder.Environment.IsProduction() ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.AddValidatedOptions<StaffOptions>(StaffOptions.SectionName, o => o.Validate());
        services.AddSingleton<IValidateOptions<StaffOptions>, DefaultCenterValidation>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Staff cookie or bearer token", o => o.ForwardDefaultSelector = context =>
                HasBearerToken(context.Request) && !CarriesChannelToken(context.Request) ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(8))
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "citizenhelper.staff";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = secure;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = "/staff/login";
            o.LogoutPath = "/staff/logout";
            o.AccessDeniedPath = "/staff/denied";
            // The JSON API answers 401/403; only pages are sent to the sign-in page.
            o.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });
        services.AddConsoleViews();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "citizenhelper.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = secure;
            o.FormFieldName = ConsoleForms.TokenField;
            o.HeaderName = AntiforgeryHeader;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicy, p => p.RequireRole(StaffRoles.Staff, StaffRoles.Admin))
            .AddPolicy(AdminPolicy, p => p.RequireRole(StaffRoles.Admin));
        services.AddIdentityCore<StaffUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = PasswordPolicy.MinimumLength;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CitizenHelperDbContext>()
            .AddSignInManager()
            .AddErrorDescriber<VietnameseIdentityErrors>()
            .AddDefaultTokenProviders();
        services.AddRateLimiter(limiter => limiter.AddPolicy(LoginRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = context.RequestServices.GetRequiredService<IOptions<StaffOptions>>().Value.SignInsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            })));
        services.AddScoped<StaffSignIn>();
        services.AddHostedService<StaffHttps.StartupWarning>();
        services.AddStaffWorkflows();
        return builder;
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
        return Task.CompletedTask;
    }

    /// <summary>The lockout end that marks an account disabled by an administrator, rather than locked for a while after failed sign-ins.</summary>
    public static readonly DateTimeOffset DisabledUntil = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool IsDisabled(StaffUser user) => user?.LockoutEnd >= DisabledUntil;

    /// <summary>
    /// Checks every request of a signed-in staff member (cookie or bearer token) against the account as it is now:
    /// a disabled account (its security stamp was changed) is treated as signed out, and roles and centers are read
    /// afresh, so an administrator's change applies from the next request rather than from the next sign-in.
    /// </summary>
    public static IApplicationBuilder UseStaffSessions(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var stampClaim = context.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        if (context.User.Identity?.IsAuthenticated == true && context.User.HasClaim(c => c.Type == stampClaim))
        {
            var signIn = context.RequestServices.GetRequiredService<SignInManager<StaffUser>>();
            if (await signIn.ValidateSecurityStampAsync(context.User) is { } user && !IsDisabled(user))
            {
                context.User = await signIn.CreateUserPrincipalAsync(user);
            }
            else
            {
                if (!HasBearerToken(context.Request))
                {
                    await context.SignOutAsync(IdentityConstants.ApplicationScheme);
                }
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
        }
        await next(context);
    });

    /// <summary>
    /// Direct Line and <c>/api/messages</c> carry channel tokens, never staff ones: read as a staff bearer token, each
    /// citizen message cost a failed decryption and an exception (authentication runs for every request).
    /// </summary>
    private static bool CarriesChannelToken(HttpRequest request) =>
        request.Path.StartsWithSegments("/v3/directline", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/api/messages", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the request is authenticated by a bearer token rather than the console's cookie.</summary>
    public static bool HasBearerToken(HttpRequest request) =>
        request?.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>What the signed-in user may see: all escalations (admin) or their centers'.</summary>
    public static StaffScope Scope(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new StaffScope(user.IsInRole(StaffRoles.Admin), user.FindAll(CenterClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// Whose figures the dashboard shows: an administrator's, the whole province (null) or the one center asked for;
    /// a staff member's, only their own centers (the one asked for, if it is theirs).
    /// </summary>
    public static IReadOnlyCollection<string>? StatsCenters(ClaimsPrincipal user, string? center)
    {
        var scope = Scope(user);
        if (scope.IsAdmin)
        {
            return center is { Length: > 0 } ? [center] : null;
        }
        return center is { Length: > 0 } && scope.Centers.Contains(center) ? [center] : [.. scope.Centers.Order(StringComparer.Ordinal)];
    }

    /// <summary>Who did it, for the audit log: the account's e-mail.</summary>
    public static string Actor(ClaimsPrincipal user) => user?.Identity?.Name ?? "unknown";

    /// <summary>An account as the console and the API show it.</summary>
    public static async Task<StaffAccount> AccountOf(UserManager<StaffUser> users, StaffUser user)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(user);
        var centers = (await users.GetClaimsAsync(user)).Where(c => c.Type == CenterClaim).Select(c => c.Value).ToList();
        return new StaffAccount(user.Email ?? "", user.DisplayName, [.. await users.GetRolesAsync(user)], centers, IsDisabled(user));
    }
}

public sealed record StaffAccount(string Email, string? Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Centers, bool Disabled);

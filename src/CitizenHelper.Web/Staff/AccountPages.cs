using System.Globalization;
using System.Security.Claims;
using System.Text;
using CitizenHelper.Answering;
using CitizenHelper.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using CitizenHelper.Web.Staff.Components;

namespace CitizenHelper.Web.Staff;

/// <summary>Signing in and out of the console, and the administrators' page for staff accounts.</summary>
public static class AccountPages
{
    public static RouteGroupBuilder MapAccountPages(this RouteGroupBuilder pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        pages.MapGet("/login", LoginPage).AllowAnonymous();
        pages.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(StaffAccounts.LoginRateLimit);
        pages.MapGet("/denied", (HttpContext context) => ConsoleView.Error(context, StatusCodes.Status403Forbidden, "Tài khoản của bạn không được mở trang này. · Your account may not open that page.")).AllowAnonymous();
        pages.MapPost("/logout", Logout).RequireAuthorization(StaffAccounts.StaffPolicy);
        pages.MapGet("/users", Users).RequireAuthorization(StaffAccounts.AdminPolicy);
        pages.MapPost("/users", CreateUser).RequireAuthorization(StaffAccounts.AdminPolicy);
        pages.MapGet("/users/{email}", Account).RequireAuthorization(StaffAccounts.AdminPolicy);
        pages.MapPost("/users/{email}/centers", SetCenters).RequireAuthorization(StaffAccounts.AdminPolicy);
        pages.MapPost("/users/{email}/disable", (string email, HttpContext context, UserManager<StaffUser> users, EscalationStore audit) => SetDisabled(email, true, context, users, audit))
            .RequireAuthorization(StaffAccounts.AdminPolicy);
        pages.MapPost("/users/{email}/enable", (string email, HttpContext context, UserManager<StaffUser> users, EscalationStore audit) => SetDisabled(email, false, context, users, audit))
            .RequireAuthorization(StaffAccounts.AdminPolicy);
        return pages;
    }

    public static IResult LoginPage(HttpContext context, string? returnUrl) => LoginForm(context, returnUrl, null, StatusCodes.Status200OK);

    private static RazorComponentResult<LoginPage> LoginForm(HttpContext context, string? returnUrl, string? problem, int status) =>
        ConsoleView.Page<LoginPage>(context, new { ReturnUrl = LocalOnly(returnUrl), Problem = problem }, status);

    public static async Task<IResult> Login(HttpContext context, StaffSignIn staffSignIn, SignInManager<StaffUser> signIn)
    {
        var (form, error) = await ConsoleForms.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }
        var email = form["email"].ToString().Trim();
        var password = form["password"].ToString();
        var returnUrl = LocalOnly(form["returnUrl"]);
        if (email.Length is 0 or > 256 || password.Length is 0 or > 256)
        {
            return LoginForm(context, returnUrl, "Cần nhập email và mật khẩu. · Email and password are required.", StatusCodes.Status400BadRequest);
        }
        if (await staffSignIn.CheckAsync(email, password) is not { } user)
        {
            return LoginForm(context, returnUrl, StaffSignIn.Failed, StatusCodes.Status401Unauthorized);
        }
        await signIn.SignInAsync(user, isPersistent: false);
        return TypedResults.Redirect(returnUrl);
    }

    /// <summary>Signs out on the server too: a copy of the cookie no longer opens anything (nor do the account's API tokens).</summary>
    public static async Task<IResult> Logout(HttpContext context, StaffSignIn staffSignIn, SignInManager<StaffUser> signIn)
    {
        var (_, error) = await ConsoleForms.ReadAsync(context);
        if (error is not null)
        {
            return error;
        }
        await staffSignIn.EndSessionsAsync(context.User);
        await signIn.SignOutAsync();
        return TypedResults.Redirect("/staff/login");
    }

    /// <summary>Only a path of this console: never an absolute or protocol-relative address (open redirect).</summary>
    private static string LocalOnly(string? returnUrl) =>
        returnUrl is { Length: > 0 and < 512 } url && url.StartsWith("/staff", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal)
            ? url
            : "/staff";

    public static async Task<IResult> Users(HttpContext context, UserManager<StaffUser> users, KnowledgeProvider knowledge) =>
        await UsersPage(context, users, knowledge, null, StatusCodes.Status200OK);

    private static async Task<IResult> UsersPage(HttpContext context, UserManager<StaffUser> users, KnowledgeProvider knowledge, string? message, int status)
    {
        var accounts = new List<StaffAccount>();
        foreach (var user in users.Users.OrderBy(u => u.Email).Take(500).ToList())
        {
            accounts.Add(await StaffAccounts.AccountOf(users, user));
        }
        return ConsoleView.Page<UsersPage>(context, new { Accounts = accounts, Message = message, Failed = status >= 400 }, status);
    }

    public static async Task<IResult> CreateUser(HttpContext context, UserManager<StaffUser> users, KnowledgeProvider knowledge)
    {
        var (form, error) = await ConsoleForms.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }
        var request = new NewStaff(form["email"].ToString().Trim(), form["name"].ToString().Trim(), form["password"].ToString(), form["role"].ToString(), [.. form["centers"].Select(c => c ?? "")]);
        var (created, problem) = await CreateAsync(request, users, knowledge, StaffAccounts.Actor(context.User), context.RequestServices.GetRequiredService<EscalationStore>(), context.RequestAborted);
        return created is null
            ? await UsersPage(context, users, knowledge, problem, StatusCodes.Status400BadRequest)
            : await UsersPage(context, users, knowledge, $"Đã tạo · Created {created.Email}.", StatusCodes.Status200OK);
    }

    public sealed record NewStaff(string? Email, string? Name, string? Password, string? Role, IReadOnlyList<string>? Centers);

    /// <summary>Creates a staff or admin account assigned to centers; shared with POST /api/staff/users.</summary>
    public static async Task<(StaffUser? User, string? Problem)> CreateAsync(
        NewStaff request, UserManager<StaffUser> users, KnowledgeProvider knowledge, string actor, EscalationStore audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(audit);
        var (centers, unknownCenter) = CenterKeys(knowledge, request.Centers);
        if (request.Email is not { Length: > 3 and <= 256 } email || !email.Contains('@', StringComparison.Ordinal))
        {
            return (null, "Cần một email hợp lệ. · A valid e-mail is required.");
        }
        if (request.Role is not (StaffRoles.Staff or StaffRoles.Admin))
        {
            return (null, $"Vai trò phải là '{StaffRoles.Staff}' hoặc '{StaffRoles.Admin}'. · The role must be '{StaffRoles.Staff}' or '{StaffRoles.Admin}'.");
        }
        if (unknownCenter is { } unknown)
        {
            return (null, $"Trung tâm '{unknown}' không có trong danh sách. · '{unknown}' is not a center in knowledge/units (a unit code, or a name found only once).");
        }
        if (request.Role == StaffRoles.Staff && centers.Count == 0)
        {
            return (null, "Tài khoản cán bộ cần ít nhất một Trung tâm. · A staff account needs at least one center.");
        }
        if ((request.Name?.Length ?? 0) > 100 || (request.Password?.Length ?? 0) > 256)
        {
            return (null, "Tên hoặc mật khẩu quá dài. · The name or password is too long.");
        }
        var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = request.Name is { Length: > 0 } name ? name : null };
        var result = await users.CreateAsync(user, request.Password ?? "");
        if (!result.Succeeded)
        {
            return (null, string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        await users.AddToRoleAsync(user, request.Role);
        if (centers.Count > 0)
        {
            await users.AddClaimsAsync(user, centers.Select(c => new Claim(StaffAccounts.CenterClaim, c)));
        }
        await audit.RecordActionAsync(actor, "create-account", email, $"{request.Role}: {string.Join("; ", centers)}", cancellationToken);
        return (user, null);
    }

    /// <summary>One account: its centers to edit, and a button to disable or enable it.</summary>
    public static async Task<IResult> Account(string email, HttpContext context, UserManager<StaffUser> users)
    {
        if (await FindAsync(users, email) is not { } user)
        {
            return ConsoleView.Error(context, StatusCodes.Status404NotFound, NoSuchAccount.Message, "/staff/users");
        }
        string? done = context.Request.Query["done"].ToString() switch
        {
            "" => null,
            "centers" => "Đã lưu Trung tâm; có hiệu lực từ yêu cầu tiếp theo. · Centers saved; they apply from the next request.",
            "disable" => "Đã khoá tài khoản. · The account is disabled.",
            _ => "Đã mở lại tài khoản. · The account is enabled.",
        };
        return ConsoleView.Page<AccountPage>(context, new { Account = await StaffAccounts.AccountOf(users, user), Done = done });
    }

    public static async Task<IResult> SetCenters(string email, HttpContext context, UserManager<StaffUser> users, KnowledgeProvider knowledge, EscalationStore audit)
    {
        var (form, error) = await ConsoleForms.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }
        var (user, problem) = await SetCentersAsync(email, [.. form["centers"].Select(c => c ?? "")], users, knowledge, StaffAccounts.Actor(context.User), audit, context.RequestAborted);
        return AfterAccountChange(context, email, user, problem, "centers");
    }

    private static async Task<IResult> SetDisabled(string email, bool disabled, HttpContext context, UserManager<StaffUser> users, EscalationStore audit)
    {
        var (_, error) = await ConsoleForms.ReadAsync(context);
        if (error is not null)
        {
            return error;
        }
        var (user, problem) = await SetDisabledAsync(email, disabled, users, StaffAccounts.Actor(context.User), audit, context.RequestAborted);
        return AfterAccountChange(context, email, user, problem, disabled ? "disable" : "enable");
    }

    /// <summary>Post, then redirect to the account's page; or an error page saying why nothing changed.</summary>
    private static IResult AfterAccountChange(HttpContext context, string email, StaffUser? user, AccountProblem? problem, string done) =>
        user is null
            ? ConsoleView.Error(context, problem!.Status, problem.Message, problem.Status == StatusCodes.Status404NotFound ? "/staff/users" : $"/staff/users/{Uri.EscapeDataString(email)}")
            : TypedResults.Redirect($"/staff/users/{Uri.EscapeDataString(user.Email!)}?done={done}");

    /// <summary>An administrator's change to an account failed: 404 (no such account) or 400, with why.</summary>
    public sealed record AccountProblem(int Status, string Message);

    /// <summary>
    /// Replaces the centers of an account; shared with PUT /api/staff/users/{email}/centers. Takes effect on the
    /// account's next request (<see cref="StaffAccounts.UseStaffSessions"/>).
    /// </summary>
    public static async Task<(StaffUser? User, AccountProblem? Problem)> SetCentersAsync(
        string email, IReadOnlyList<string>? requested, UserManager<StaffUser> users, KnowledgeProvider knowledge, string actor, EscalationStore audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(audit);
        if (await FindAsync(users, email) is not { } user)
        {
            return (null, NoSuchAccount);
        }
        var (centers, unknownCenter) = CenterKeys(knowledge, requested);
        if (unknownCenter is { } unknown)
        {
            return (null, new AccountProblem(StatusCodes.Status400BadRequest, $"Trung tâm '{unknown}' không có trong danh sách. · '{unknown}' is not a center in knowledge/units (a unit code, or a name found only once)."));
        }
        if (centers.Count == 0 && !await users.IsInRoleAsync(user, StaffRoles.Admin))
        {
            return (null, new AccountProblem(StatusCodes.Status400BadRequest, "Tài khoản cán bộ cần ít nhất một Trung tâm. · A staff account needs at least one center."));
        }
        var current = (await users.GetClaimsAsync(user)).Where(c => c.Type == StaffAccounts.CenterClaim).ToList();
        await users.RemoveClaimsAsync(user, current);
        await users.AddClaimsAsync(user, centers.Select(c => new Claim(StaffAccounts.CenterClaim, c)));
        await audit.RecordActionAsync(actor, "edit-centers", user.Email!, string.Join("; ", centers), cancellationToken);
        return (user, null);
    }

    /// <summary>
    /// Disables an account (it cannot sign in, and its sessions and tokens stop working on their next request) or
    /// enables it again; shared with the JSON API. No one disables their own account.
    /// </summary>
    public static async Task<(StaffUser? User, AccountProblem? Problem)> SetDisabledAsync(
        string email, bool disabled, UserManager<StaffUser> users, string actor, EscalationStore audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(audit);
        if (await FindAsync(users, email) is not { } user)
        {
            return (null, NoSuchAccount);
        }
        if (disabled && string.Equals(user.Email, actor, StringComparison.OrdinalIgnoreCase))
        {
            return (null, new AccountProblem(StatusCodes.Status400BadRequest, "Không thể tự khoá tài khoản của mình. · You cannot disable your own account."));
        }
        if (disabled)
        {
            await users.SetLockoutEnabledAsync(user, true);
            await users.SetLockoutEndDateAsync(user, StaffAccounts.DisabledUntil);
            // A new stamp ends every session and token of the account at its next request.
            await users.UpdateSecurityStampAsync(user);
        }
        else
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }
        await audit.RecordActionAsync(actor, disabled ? "disable-account" : "enable-account", user.Email!, null, cancellationToken);
        return (user, null);
    }

    private static readonly AccountProblem NoSuchAccount = new(StatusCodes.Status404NotFound, "Không có tài khoản với email này. · No staff account with that e-mail.");

    private static async Task<StaffUser?> FindAsync(UserManager<StaffUser> users, string email) =>
        email is { Length: > 0 and <= 256 } ? await users.FindByEmailAsync(email) : null;

    /// <summary>The keys of the centers asked for (codes, or names found once), or the first value that names no center.</summary>
    private static (List<string> Keys, string? Unknown) CenterKeys(KnowledgeProvider knowledge, IEnumerable<string>? requested)
    {
        var keys = new List<string>();
        foreach (var value in (requested ?? []).Where(c => c.Length > 0))
        {
            if (StaffCenters.KeyOf(knowledge, value) is not { } key)
            {
                return (keys, value);
            }
            if (!keys.Contains(key))
            {
                keys.Add(key);
            }
        }
        return (keys, null);
    }
}

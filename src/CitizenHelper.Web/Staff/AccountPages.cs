using System.Globalization;
using System.Security.Claims;
using System.Text;
using CitizenHelper.Answering;
using CitizenHelper.Storage;
using CitizenHelper.Web.Apis;
using Microsoft.AspNetCore.Identity;
using static CitizenHelper.Web.Staff.Html;

namespace CitizenHelper.Web.Staff;

/// <summary>Signing in and out of the console, and the administrators' page for staff accounts.</summary>
public static class AccountPages
{
    public static RouteGroupBuilder MapAccountPages(this RouteGroupBuilder pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        pages.MapGet("/login", LoginPage).AllowAnonymous();
        pages.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(StaffApi.LoginRateLimit);
        pages.MapGet("/denied", (HttpContext context) => Error(context, StatusCodes.Status403Forbidden, "Your account may not open that page. / Tài khoản của bạn không được mở trang này.")).AllowAnonymous();
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

    private static IResult LoginForm(HttpContext context, string? returnUrl, string? problem, int status)
    {
        var fields = $"""
            {(problem is null ? "" : $"<p class=\"error\" role=\"alert\">{E(problem)}</p>")}
            {Hidden("returnUrl", LocalOnly(returnUrl))}
            <p><label>Email <input type="email" name="email" autocomplete="username" maxlength="256" required autofocus></label></p>
            <p><label>Mật khẩu · Password <input type="password" name="password" autocomplete="current-password" maxlength="256" required></label></p>
            """;
        return Page(context, "Đăng nhập cán bộ · Staff sign-in", Form(context, "/staff/login", fields, "Đăng nhập · Sign in", cssClass: "block"), status);
    }

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
            return LoginForm(context, returnUrl, "Email and password are required. / Cần nhập email và mật khẩu.", StatusCodes.Status400BadRequest);
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
        var body = new StringBuilder();
        if (message is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"{(status < 400 ? "notice" : "error")}\" role=\"alert\">{E(message)}</p>");
        }
        body.Append("<table><thead><tr><th>Email</th><th>Tên · Name</th><th>Vai trò · Roles</th><th>Trung tâm · Centers</th><th>Trạng thái · Status</th></tr></thead><tbody>");
        foreach (var user in users.Users.OrderBy(u => u.Email).Take(500).ToList())
        {
            var roles = await users.GetRolesAsync(user);
            var centers = (await users.GetClaimsAsync(user)).Where(c => c.Type == StaffAccounts.CenterClaim).Select(c => c.Value);
            body.Append(CultureInfo.InvariantCulture,
                $"<tr><td><a href=\"/staff/users/{E(Uri.EscapeDataString(user.Email ?? ""))}\">{E(user.Email)}</a></td><td>{E(user.DisplayName)}</td><td>{E(string.Join(", ", roles))}</td><td>{E(string.Join("; ", centers.Select(c => StaffCenters.Label(knowledge, c))))}</td><td>{E(State(user))}</td></tr>");
        }
        body.Append("</tbody></table><h2>Tạo tài khoản · Create an account</h2>");
        var centerBoxes = StaffCenters.Boxes(knowledge, new HashSet<string>());
        var fields = $"""
            <p><label>Email <input type="email" name="email" maxlength="256" required></label></p>
            <p><label>Tên · Name <input name="name" maxlength="100"></label></p>
            <p><label>Mật khẩu (12+ ký tự) · Password (12+ characters) <input type="password" name="password" minlength="12" maxlength="256" required autocomplete="new-password"></label></p>
            <p>{Select("role", "Vai trò · Role", StaffRoles.Staff, [(StaffRoles.Staff, "Cán bộ · Staff"), (StaffRoles.Admin, "Quản trị · Admin")], any: false)}</p>
            <p>Trung tâm · Centers: {centerBoxes}</p>
            """;
        body.Append(Form(context, "/staff/users", fields, "Tạo · Create", cssClass: "block"));
        return Page(context, "Tài khoản cán bộ · Staff accounts", body.ToString(), status);
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
            return (null, "A valid e-mail is required. / Cần một email hợp lệ.");
        }
        if (request.Role is not (StaffRoles.Staff or StaffRoles.Admin))
        {
            return (null, $"The role must be '{StaffRoles.Staff}' or '{StaffRoles.Admin}'.");
        }
        if (unknownCenter is { } unknown)
        {
            return (null, $"'{unknown}' is not a center in knowledge/units (a unit code, or a name found only once). / Trung tâm không có trong danh sách.");
        }
        if (request.Role == StaffRoles.Staff && centers.Count == 0)
        {
            return (null, "A staff account needs at least one center. / Tài khoản cán bộ cần ít nhất một Trung tâm.");
        }
        if ((request.Name?.Length ?? 0) > 100 || (request.Password?.Length ?? 0) > 256)
        {
            return (null, "The name or password is too long.");
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

    private static string State(StaffUser user) => StaffAccounts.IsDisabled(user) ? "Đã khoá · Disabled" : "Đang dùng · Active";

    /// <summary>One account: its centers to edit, and a button to disable or enable it.</summary>
    public static async Task<IResult> Account(string email, HttpContext context, UserManager<StaffUser> users, KnowledgeProvider knowledge)
    {
        if (await FindAsync(users, email) is not { } user)
        {
            return Error(context, StatusCodes.Status404NotFound, NoSuchAccount.Message, "/staff/users");
        }
        var centers = (await users.GetClaimsAsync(user)).Where(c => c.Type == StaffAccounts.CenterClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var path = $"/staff/users/{Uri.EscapeDataString(user.Email!)}";
        var body = new StringBuilder();
        if (context.Request.Query["done"].ToString() is { Length: > 0 } done)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" role=\"status\">{E(done switch { "centers" => "Đã lưu Trung tâm; có hiệu lực từ yêu cầu tiếp theo. · Centers saved; they apply from the next request.", "disable" => "Đã khoá tài khoản. · The account is disabled.", _ => "Đã mở lại tài khoản. · The account is enabled." })}</p>");
        }
        body.Append(CultureInfo.InvariantCulture, $"""
            <table class="meta">
            <tr><th>Email</th><td>{E(user.Email)}</td></tr>
            <tr><th>Tên · Name</th><td>{E(user.DisplayName)}</td></tr>
            <tr><th>Vai trò · Roles</th><td>{E(string.Join(", ", await users.GetRolesAsync(user)))}</td></tr>
            <tr><th>Trạng thái · Status</th><td id="state">{E(State(user))}</td></tr>
            </table>
            <h2>Trung tâm · Centers</h2>
            """);
        var boxes = StaffCenters.Boxes(knowledge, centers.ToHashSet(StringComparer.Ordinal));
        body.Append(Form(context, $"{path}/centers", $"<p>{boxes}</p>", "Lưu Trung tâm · Save centers", cssClass: "block"));
        body.Append(StaffAccounts.IsDisabled(user)
            ? Form(context, $"{path}/enable", "", "Mở lại tài khoản · Enable the account", inline: true)
            : Form(context, $"{path}/disable", "", "Khoá tài khoản · Disable the account", inline: true));
        body.Append("<p><a href=\"/staff/users\">← Tất cả tài khoản · All accounts</a></p>");
        return Page(context, $"Tài khoản · Account {user.Email}", body.ToString());
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
            ? Error(context, problem!.Status, problem.Message, problem.Status == StatusCodes.Status404NotFound ? "/staff/users" : $"/staff/users/{Uri.EscapeDataString(email)}")
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
            return (null, new AccountProblem(StatusCodes.Status400BadRequest, $"'{unknown}' is not a center in knowledge/units (a unit code, or a name found only once). / Trung tâm không có trong danh sách."));
        }
        if (centers.Count == 0 && !await users.IsInRoleAsync(user, StaffRoles.Admin))
        {
            return (null, new AccountProblem(StatusCodes.Status400BadRequest, "A staff account needs at least one center. / Tài khoản cán bộ cần ít nhất một Trung tâm."));
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
            return (null, new AccountProblem(StatusCodes.Status400BadRequest, "You cannot disable your own account. / Không thể tự khoá tài khoản của mình."));
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

    private static readonly AccountProblem NoSuchAccount = new(StatusCodes.Status404NotFound, "No staff account with that e-mail. / Không có tài khoản với email này.");

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

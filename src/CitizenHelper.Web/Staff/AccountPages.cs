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

    public static async Task<IResult> Login(HttpContext context, SignInManager<StaffUser> signIn)
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
        var result = await signIn.PasswordSignInAsync(email, password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return TypedResults.Redirect(returnUrl);
        }
        return LoginForm(context, returnUrl, result.IsLockedOut
            ? "This account is locked for 15 minutes after too many failed attempts. / Tài khoản tạm khoá 15 phút vì nhập sai quá nhiều lần."
            : "Wrong email or password. / Sai email hoặc mật khẩu.", StatusCodes.Status401Unauthorized);
    }

    public static async Task<IResult> Logout(HttpContext context, SignInManager<StaffUser> signIn)
    {
        var (_, error) = await ConsoleForms.ReadAsync(context);
        if (error is not null)
        {
            return error;
        }
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
        body.Append("<table><thead><tr><th>Email</th><th>Tên · Name</th><th>Vai trò · Roles</th><th>Trung tâm · Centers</th></tr></thead><tbody>");
        foreach (var user in users.Users.OrderBy(u => u.Email).Take(500).ToList())
        {
            var roles = await users.GetRolesAsync(user);
            var centers = (await users.GetClaimsAsync(user)).Where(c => c.Type == StaffAccounts.CenterClaim).Select(c => c.Value);
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(user.Email)}</td><td>{E(user.DisplayName)}</td><td>{E(string.Join(", ", roles))}</td><td>{E(string.Join("; ", centers))}</td></tr>");
        }
        body.Append("</tbody></table><h2>Tạo tài khoản · Create an account</h2>");
        var centerBoxes = string.Concat(CenterNames(knowledge).Select(c => $"<label><input type=\"checkbox\" name=\"centers\" value=\"{E(c)}\"> {E(c)}</label> "));
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
        var known = CenterNames(knowledge).ToHashSet(StringComparer.Ordinal);
        var centers = (request.Centers ?? []).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (request.Email is not { Length: > 3 and <= 256 } email || !email.Contains('@', StringComparison.Ordinal))
        {
            return (null, "A valid e-mail is required. / Cần một email hợp lệ.");
        }
        if (request.Role is not (StaffRoles.Staff or StaffRoles.Admin))
        {
            return (null, $"The role must be '{StaffRoles.Staff}' or '{StaffRoles.Admin}'.");
        }
        if (centers.FirstOrDefault(c => !known.Contains(c)) is { } unknown)
        {
            return (null, $"'{unknown}' is not a center in knowledge/centers. / Trung tâm không có trong danh sách.");
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

    public static IEnumerable<string> CenterNames(KnowledgeProvider knowledge) =>
        knowledge is null ? [] : knowledge.Current.Base.Units.Select(u => u.Name).Distinct().Order(StringComparer.Ordinal);
}

using Microsoft.AspNetCore.Identity;

namespace CitizenHelper.Web.Staff;

/// <summary>ASP.NET Core Identity's messages (passwords, duplicate accounts) in Vietnamese first, English beside.</summary>
public sealed class VietnameseIdentityErrors : IdentityErrorDescriber
{
    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };

    public override IdentityError PasswordTooShort(int length) =>
        Error(nameof(PasswordTooShort), $"Mật khẩu phải có ít nhất {length} ký tự. · Passwords must be at least {length} characters.");

    public override IdentityError PasswordRequiresDigit() =>
        Error(nameof(PasswordRequiresDigit), "Mật khẩu phải có ít nhất một chữ số (0-9). · Passwords must have at least one digit ('0'-'9').");

    public override IdentityError PasswordRequiresLower() =>
        Error(nameof(PasswordRequiresLower), "Mật khẩu phải có ít nhất một chữ thường (a-z). · Passwords must have at least one lowercase ('a'-'z').");

    public override IdentityError PasswordRequiresUpper() =>
        Error(nameof(PasswordRequiresUpper), "Mật khẩu phải có ít nhất một chữ hoa (A-Z). · Passwords must have at least one uppercase ('A'-'Z').");

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        Error(nameof(PasswordRequiresNonAlphanumeric), "Mật khẩu phải có ít nhất một ký tự đặc biệt (như ! @ # -). · Passwords must have at least one non alphanumeric character.");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Error(nameof(PasswordRequiresUniqueChars), $"Mật khẩu phải có ít nhất {uniqueChars} ký tự khác nhau. · Passwords must use at least {uniqueChars} different characters.");

    public override IdentityError DuplicateEmail(string? email) =>
        Error(nameof(DuplicateEmail), $"Email '{email}' đã có tài khoản. · Email '{email}' is already taken.");

    public override IdentityError DuplicateUserName(string? userName) =>
        Error(nameof(DuplicateUserName), $"Tên đăng nhập '{userName}' đã có. · Username '{userName}' is already taken.");

    public override IdentityError InvalidEmail(string? email) =>
        Error(nameof(InvalidEmail), $"Email '{email}' không hợp lệ. · Email '{email}' is invalid.");

    public override IdentityError InvalidUserName(string? userName) =>
        Error(nameof(InvalidUserName), $"Tên đăng nhập '{userName}' không hợp lệ. · Username '{userName}' is invalid.");
}

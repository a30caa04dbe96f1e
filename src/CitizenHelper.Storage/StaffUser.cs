using Microsoft.AspNetCore.Identity;

namespace CitizenHelper.Storage;

/// <summary>A center staff member or administrator who signs in to the staff console.</summary>
public sealed class StaffUser : IdentityUser
{
    public string? DisplayName { get; set; }
}

public static class StaffRoles
{
    public const string Staff = "staff";
    public const string Admin = "admin";
}

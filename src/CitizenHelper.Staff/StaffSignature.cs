using CitizenHelper.Answering;
using CitizenHelper.Bot.Schema;
using CitizenHelper.Storage;
using Microsoft.EntityFrameworkCore;

namespace CitizenHelper.Staff;

/// <summary>
/// Who a staff message or hand-off event is from, as the citizen sees it: the staff member's display name (never their
/// e-mail) and their center. The account's id stays <c>staff</c>, so clients and the transcript know it as staff.
/// </summary>
/// <param name="Name">The display name; null when the account has none.</param>
/// <param name="Center">The center's name ("Trung tâm Phục vụ hành chính công xã …"); null when unknown.</param>
public sealed record StaffSignature(string? Name, string? Center)
{
    /// <summary>The one line a client shows: "Nguyễn Thị Lan · Trung tâm … xã Cư Jút", or the generic staff name.</summary>
    public ChannelAccount Account => new()
    {
        Id = StaffReplyDelivery.StaffAccount.Id,
        Name = string.Join(" · ", new[] { Name ?? StaffReplyDelivery.StaffAccount.Name, Center }.Where(s => !string.IsNullOrEmpty(s))),
        Role = RoleTypes.Bot,
    };

    /// <summary>What our widget reads in <c>channelData.citizenHelper.staff</c>.</summary>
    public object ChannelData => new { name = Name, center = Center };
}

/// <summary>Finds the <see cref="StaffSignature"/> of a staff member acting on an escalation.</summary>
public sealed class StaffSignatures(IDbContextFactory<CitizenHelperDbContext> contexts, KnowledgeProvider knowledge)
{
    private const int MaxNameLength = 80;

    /// <param name="actor">The staff member's e-mail, as escalations record it.</param>
    /// <param name="center">The escalation's center key.</param>
    public async Task<StaffSignature> FindAsync(string? actor, string? center, CancellationToken cancellationToken)
    {
        string? name = null;
        if (!string.IsNullOrEmpty(actor))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var normalized = actor.ToUpperInvariant();
            name = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        }
        // A display name that is an address would show the e-mail after all: the generic name instead.
        name = string.IsNullOrWhiteSpace(name) || name.Contains('@', StringComparison.Ordinal) ? null : name.Trim();
        if (name is { Length: > MaxNameLength })
        {
            name = name[..MaxNameLength];
        }
        var unit = center is null ? null : knowledge.Current.Base.UnitDirectory.Resolve(center);
        return new StaffSignature(name, unit is null ? null : unit.CenterName ?? $"Trung tâm Phục vụ hành chính công {char.ToLowerInvariant(unit.Name[0])}{unit.Name[1..]}");
    }
}

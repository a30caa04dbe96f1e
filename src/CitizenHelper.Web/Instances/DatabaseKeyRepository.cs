using System.Xml.Linq;
using CitizenHelper.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace CitizenHelper.Web.Instances;

/// <summary>
/// Data Protection keys in the shared database, so a staff cookie or antiforgery token made by one instance opens on
/// every other. The keys are stored as Data Protection writes them (not encrypted at rest): the database is already
/// where the staff accounts and conversations are, and is protected as such (docs/operations.md).
/// </summary>
public sealed class DatabaseKeyRepository(IDbContextFactory<CitizenHelperDbContext> contexts) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = contexts.CreateDbContext();
        return [.. db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).AsEnumerable().Select(XElement.Parse)];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var db = contexts.CreateDbContext();
        db.DataProtectionKeys.Add(new DataProtectionKeyRecord { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}

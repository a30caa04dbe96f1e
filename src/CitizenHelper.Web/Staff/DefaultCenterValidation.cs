using CitizenHelper.Answering;
using CitizenHelper.Storage;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Staff;

/// <summary>
/// Staff:DefaultCenter, when set, must name a center of the knowledge base: escalations whose commune is not known go
/// there, and a misspelt one would send them nowhere any clerk looks. Checked at start-up.
/// </summary>
public sealed class DefaultCenterValidation(KnowledgeProvider knowledge) : IValidateOptions<StaffOptions>
{
    public ValidateOptionsResult Validate(string? name, StaffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.DefaultCenter is { Length: > 0 } center && StaffCenters.KeyOf(knowledge, center) is null
            ? ValidateOptionsResult.Fail($"{StaffOptions.SectionName}:{nameof(StaffOptions.DefaultCenter)} '{center}' is not a center of knowledge/units or knowledge/centers (a unit code, or a name found only once).")
            : ValidateOptionsResult.Success;
    }
}

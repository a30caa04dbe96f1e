using System.Globalization;
using System.Text.Json;

namespace CitizenHelper.Knowledge.Import;

/// <summary>How one submission method is handled: time and fees, as the portal states them.</summary>
public sealed record PortalMethod(string Method, double Time, string TimeUnit, IReadOnlyList<(long Value, string Description)> Fees)
{
    /// <summary>The record's own words on this method (often which case its time and fee apply to).</summary>
    public string Description { get; init; } = "";
}

/// <summary>One case of dossier components (e.g. "Giấy tờ phải nộp"), with name and counts of originals/copies.</summary>
public sealed record PortalDocumentGroup(string Name, IReadOnlyList<(string Name, int Originals, int Copies)> Items);

/// <summary>The facts of one procedure record in the National Public Service Portal's JSON format.</summary>
public sealed record PortalRecord
{
    public required string Id { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string? Category { get; init; }
    public IReadOnlyList<string> Agencies { get; init; } = [];
    public bool CommuneLevel { get; init; }
    public bool FullyOnline { get; init; }
    public IReadOnlyList<string> Steps { get; init; } = [];
    public IReadOnlyList<PortalDocumentGroup> Documents { get; init; } = [];
    public IReadOnlyList<PortalMethod> Methods { get; init; } = [];
    public IReadOnlyList<string> LegalBasis { get; init; } = [];
    public IReadOnlyList<string> Results { get; init; } = [];
    public DateOnly? Updated { get; init; }
    public DateOnly? Decided { get; init; }

    /// <summary>The body that published the procedure: a ministry, or a province for its own version.</summary>
    public string? Publisher { get; init; }

    /// <summary>True for a province's own version of a procedure (type SPECIFIC), false for the national one.</summary>
    public bool ProvinceSpecific { get; init; }

    /// <summary>The decision that published it (e.g. 2298/QĐ-UBND).</summary>
    public string? Decision { get; init; }

    /// <summary>Where the dossier is received, in the record's words.</summary>
    public string? ReceivingAddress { get; init; }

    public string? Conditions { get; init; }
    public string? Note { get; init; }
    public string? Description { get; init; }

    /// <summary>The province a province-specific record applies in ("Thành phố Hải Phòng"), from its publisher.</summary>
    public string? Province => ProvinceSpecific && Publisher is { } publisher
        ? publisher.StartsWith("UBND ", StringComparison.OrdinalIgnoreCase) ? char.ToUpper(publisher[5], CultureInfo.GetCultureInfo("vi-VN")) + publisher[6..] : publisher
        : null;

    /// <summary>Handled at province level (<c>isProvince</c>), at a ministry (<c>isMinistry</c>).</summary>
    public bool ProvinceLevel { get; init; }
    public bool MinistryLevel { get; init; }


    public Uri PortalUrl => new(CatalogProcedure.PortalBaseUrl + Uri.EscapeDataString(Id));

    /// <summary>Reads a record (<c>{"code":"OK","data":{...}}</c> or the bare data object); null when it is not one.</summary>
    public static PortalRecord? Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var data = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var inner) ? inner : root;
        if (data.ValueKind != JsonValueKind.Object || Text(data, "code") is not { } code || Text(data, "id") is not { } id || Text(data, "name") is not { } name)
        {
            return null;
        }
        return new PortalRecord
        {
            Id = id,
            Code = code,
            Name = name.StartsWith("Thủ tục ", StringComparison.Ordinal) && name.Length > 8 ? char.ToUpper(name[8], CultureInfo.GetCultureInfo("vi-VN")) + name[9..] : name,
            Category = (data.TryGetProperty("category", out var category) && category.ValueKind == JsonValueKind.Object ? Text(category, "name") : null)
                ?? Names(data, "categoriesDetails").FirstOrDefault(),
            Agencies = Names(data, "unitGroupsExecuting").Concat(Names(data, "departmentsExecuting")).Distinct().ToList(),
            CommuneLevel = Flag(data, "isWard"),
            FullyOnline = Flag(data, "isFullProcess"),
            Steps = [.. Array(data, "executionSteps").SelectMany(s => Lines(Text(s, "description")))],
            Documents = [.. Array(data, "executionCases").Select(c => new PortalDocumentGroup(
                Text(c, "name")?.Trim(' ', '*', ':') ?? "",
                [.. Array(c, "profileComponents").Select(p => (Clean(Text(p, "name") ?? ""), Int(p, "originalQty"), Int(p, "copyQty")))]))],
            Methods = [.. Array(data, "executionMethods").Select(m => new PortalMethod(
                Text(m, "submissionMethod") ?? "",
                m.ValueKind == JsonValueKind.Object && m.TryGetProperty("processingTime", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetDouble(out var time) ? time : 0,
                Text(m, "processingTimeUnit") ?? "",
                [.. Array(m, "fees").Select(f => ((long)(f.ValueKind == JsonValueKind.Object && f.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var fee) ? fee : 0), Clean(Text(f, "description") ?? "")))])
            {
                Description = Clean(Text(m, "description") ?? ""),
            })],
            LegalBasis = [.. Array(data, "legalBasisesDetails").Select(LegalDocument).OfType<string>()],
            Results = Names(data, "resultsDetails"),
            Updated = Date(data, "updatedAt"),
            ProvinceLevel = Flag(data, "isProvince"),
            MinistryLevel = Flag(data, "isMinistry"),
            Decided = data.TryGetProperty("procedureProposal", out var proposal) && proposal.ValueKind == JsonValueKind.Object ? Date(proposal, "decisionDate") : null,
            Decision = proposal.ValueKind == JsonValueKind.Object ? Text(proposal, "proposalNumber") : null,
            Publisher = Text(data, "departmentPromulgateName") is { } publisher ? Clean(publisher) : null,
            ProvinceSpecific = Text(data, "type") == "SPECIFIC",
            ReceivingAddress = Meaningful(Text(data, "dossierReceivingAddresses")),
            Conditions = Meaningful(Text(data, "requirementsAndConditions")),
            Note = Meaningful(Text(data, "note")),
            Description = Meaningful(Text(data, "description")),
        };
    }

    // Any element may be of the wrong kind in a damaged record: only an object's string properties are read, and a
    // string JSON cannot give as text (an escaped lone surrogate) is treated as absent.
    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && StringOf(v) is { } text
            && !string.IsNullOrWhiteSpace(text) ? text : null;

    private static string? StringOf(JsonElement v)
    {
        try
        {
            return v.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool Flag(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static int Int(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : 0;

    private static JsonElement[] Array(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? [.. v.EnumerateArray()] : [];

    private static List<string> Names(JsonElement e, string name) =>
        [.. Array(e, name).Select(x => Text(x, "name")).OfType<string>().Select(Clean)];

    /// <summary>A legal document's name, with its number when the name does not carry it ("Luật Kiến trúc (40/2019/QH14)").</summary>
    private static string? LegalDocument(JsonElement e) =>
        (Text(e, "name") is { } title ? Clean(title) : null, Text(e, "code") is { } number ? Clean(number) : null) switch
        {
            (null, null) => null,
            (null, var n) => n,
            (var t, null) => t,
            (var t, var n) when t.Replace(" ", "", StringComparison.Ordinal).Contains(n.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase) => t,
            (var t, var n) => $"{t} ({n})",
        };

    private static DateOnly? Date(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var ms)
            && ms is >= -62_135_596_800_000 and <= 253_402_300_799_999 // DateTimeOffset's range
            ? DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime)
            : null;

    /// <summary>The record's text, unless it is empty or only says "none" ("Không").</summary>
    private static string? Meaningful(string? text) =>
        text is null || Clean(text).TrimEnd('.') is "" or "Không" or "không" or "Không có" ? null : text.Trim();

    private static string Clean(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split('\n').Select(l => Clean(l).TrimStart('-', '+', '•', ' ')).Where(l => l.Length > 0);
}

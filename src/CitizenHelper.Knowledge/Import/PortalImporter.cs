using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CitizenHelper.Knowledge.Import;

/// <summary>What an import found for one record.</summary>
public sealed record ImportFinding(string Code, string Message);

/// <summary>
/// Keeps a knowledge base in step with the National Public Service Portal: for a commune-level record with no
/// document of ours it writes a draft (Vietnamese, for staff to review and move into <c>procedures/</c>); for a
/// procedure we already have it reports where the portal's times, fees and legal basis differ from our document.
/// It never changes a reviewed document.
/// </summary>
public static partial class PortalImporter
{
    public const string DraftsFolder = "drafts";

    [GeneratedRegex(@"\d+[/.]\d{4}/[\p{L}\p{N}Đđ-]+")]
    private static partial Regex LegalNumber();

    public static IReadOnlyList<ImportFinding> Run(string recordsFolder, KnowledgeBase knowledge, string knowledgeRoot, bool communeLevelOnly = true)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        var findings = new List<ImportFinding>();
        foreach (var entry in PortalRecordSource.Read(recordsFolder))
        {
            if (entry.Record is not { } record)
            {
                findings.Add(new ImportFinding(entry.Source, $"{entry.Problem}; skipped"));
                continue;
            }
            if (knowledge.Find(record.Code, "vi") is { } existing)
            {
                findings.AddRange(Compare(record, existing));
            }
            else if (!communeLevelOnly || record.CommuneLevel)
            {
                var path = Path.Combine(knowledgeRoot, DraftsFolder, $"{record.Code}.vi.md");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, Draft(record));
                findings.Add(new ImportFinding(record.Code, $"draft written to {DraftsFolder}/{record.Code}.vi.md: review it, then move it to procedures/"));
            }
        }
        return findings;
    }

    /// <summary>Where the portal and our document disagree on the facts a citizen acts on.</summary>
    public static IEnumerable<ImportFinding> Compare(PortalRecord record, Procedure document)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(document);
        var ours = KnowledgeChecks.Numbers(document.Section(SectionIds.Time)).ToHashSet();
        foreach (var time in record.Methods.Where(m => m.Time > 0 && m.TimeUnit != "OTHER").Select(m => (long)m.Time).Distinct())
        {
            if (!ours.Contains(time))
            {
                yield return new ImportFinding(record.Code, $"portal gives a processing time of {time} ({string.Join("/", record.Methods.Where(m => (long)m.Time == time).Select(m => $"{m.Method} {m.TimeUnit}"))}); {document.SourcePath} {{#time}} does not mention {time}");
            }
        }
        var fees = KnowledgeChecks.Numbers(document.Section(SectionIds.Fee)).ToHashSet();
        foreach (var fee in record.Methods.SelectMany(m => m.Fees).Select(f => f.Value).Where(v => v > 0).Distinct())
        {
            if (!fees.Contains(fee))
            {
                yield return new ImportFinding(record.Code, $"portal lists a fee of {fee.ToString("N0", CultureInfo.GetCultureInfo("vi-VN"))} đồng; {document.SourcePath} {{#fee}} does not mention it");
            }
        }
        var legal = string.Join(' ', document.LegalBasis).Replace(" ", "", StringComparison.Ordinal);
        foreach (var basis in record.LegalBasis)
        {
            var number = LegalNumber().Match(basis);
            if (number.Success && !legal.Contains(number.Value.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
            {
                var shown = basis.Length > 160 ? basis[..160] + "…" : basis;
                yield return new ImportFinding(record.Code, $"portal cites {number.Value} ({shown}); {document.SourcePath} legal_basis does not");
            }
        }
    }

    /// <summary>A draft document in the knowledge base's format, filled only with what the record states.</summary>
    public static string Draft(PortalRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        static string Yaml(string text) =>
            $"\"{string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
        var online = record.FullyOnline ? "full" : record.Methods.Any(m => m.Method == "ONLINE") ? "partial" : "none";
        var updated = record.Updated ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var text = new StringBuilder();
        text.Append("---\n")
            .Append(CultureInfo.InvariantCulture, $"code: \"{record.Code}\"\n")
            .Append("lang: vi\n")
            .Append(CultureInfo.InvariantCulture, $"title: {Yaml(record.Name)}\n")
            .Append(CultureInfo.InvariantCulture, $"field: {Yaml(record.Category ?? "Chưa rõ")}\n")
            .Append(CultureInfo.InvariantCulture, $"authority: {Yaml(record.Agencies.Count > 0 ? string.Join("; ", record.Agencies) : "Chưa rõ")}\n")
            .Append(CultureInfo.InvariantCulture, $"online: {online}\n")
            .Append(CultureInfo.InvariantCulture, $"portal_url: {record.PortalUrl}\n")
            .Append("legal_basis:\n");
        foreach (var basis in record.LegalBasis.DefaultIfEmpty("Chưa rõ — xem Cổng Dịch vụ công quốc gia"))
        {
            text.Append(CultureInfo.InvariantCulture, $"  - {Yaml(basis)}\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"effective: {(record.Decided ?? updated):yyyy-MM-dd}\n")
            .Append(CultureInfo.InvariantCulture, $"verified: {updated:yyyy-MM-dd}\n")
            .Append("sources:\n")
            .Append(CultureInfo.InvariantCulture, $"  - title: Cổng Dịch vụ công quốc gia – thủ tục {record.Code}\n")
            .Append(CultureInfo.InvariantCulture, $"    url: {record.PortalUrl}\n")
            .Append("---\n\n")
            .Append(CultureInfo.InvariantCulture, $"# {record.Name}\n\n")
            .Append("Bản nháp nhập tự động từ Cổng Dịch vụ công quốc gia. Cán bộ cần đọc lại, viết cho dễ hiểu và kiểm tra trước khi đưa vào sử dụng.\n\n");

        Section(text, "Trình tự thực hiện", SectionIds.Steps, record.Steps, numbered: true);
        Section(text, "Giấy tờ cần nộp", SectionIds.Documents, record.Documents.SelectMany(g => g.Items.Select(i =>
            $"{(g.Name.Length > 0 ? $"{g.Name}: " : "")}{i.Name} — {i.Originals} bản chính, {i.Copies} bản sao.")), numbered: false);
        Section(text, "Lệ phí", SectionIds.Fee, record.Methods.SelectMany(m => m.Fees.Select(f =>
            $"{Method(m.Method)}: {f.Value.ToString("N0", CultureInfo.GetCultureInfo("vi-VN"))} đồng{(f.Description.Length > 0 ? $" ({f.Description})" : "")}.")).Distinct(), numbered: false);
        Section(text, "Thời hạn giải quyết", SectionIds.Time, record.Methods.Where(m => m.Time > 0).Select(m =>
            $"{Method(m.Method)}: {m.Time.ToString(CultureInfo.InvariantCulture)} {Unit(m.TimeUnit)}.").Distinct(), numbered: false);
        Section(text, "Nơi nộp hồ sơ", SectionIds.Where, record.Methods.Select(m => Method(m.Method)).Distinct(), numbered: false);
        Section(text, "Kết quả", SectionIds.Result, record.Results, numbered: false);
        return text.ToString();
    }

    private static void Section(StringBuilder text, string heading, string id, IEnumerable<string> lines, bool numbered)
    {
        var items = lines.Where(l => l.Length > 0).ToList();
        if (items.Count == 0)
        {
            items.Add("Cổng Dịch vụ công quốc gia không ghi; cán bộ cần bổ sung.");
        }
        text.Append(CultureInfo.InvariantCulture, $"## {heading} {{#{id}}}\n\n");
        for (var i = 0; i < items.Count; i++)
        {
            text.Append(numbered ? $"{i + 1}. " : "- ").Append(items[i].Replace("#", "\\#", StringComparison.Ordinal)).Append('\n');
        }
        text.Append('\n');
    }

    private static string Method(string method) => method switch
    {
        "DIRECT" => "Nộp trực tiếp tại Trung tâm Phục vụ hành chính công",
        "ONLINE" => "Nộp trực tuyến trên Cổng Dịch vụ công quốc gia",
        "POSTAL" => "Gửi qua bưu chính",
        _ => method,
    };

    private static string Unit(string unit) => unit switch
    {
        "WORKING_DAY" => "ngày làm việc",
        "DAY" => "ngày",
        "HOUR" => "giờ",
        "MONTH" => "tháng",
        _ => "(đơn vị theo Cổng Dịch vụ công quốc gia)",
    };
}

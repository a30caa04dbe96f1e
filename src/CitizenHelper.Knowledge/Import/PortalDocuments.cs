using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CitizenHelper.Knowledge.Import;

/// <summary>
/// Writes the knowledge document of a portal record, in Vietnamese or English. Every fact is the record's own text:
/// papers, steps, conditions and the record's words on time and fee are quoted as the record has them (in Vietnamese,
/// in the English document too); only the frame around them (headings, "in person", "working days") is translated.
/// What the record lacks comes from <see cref="PortalAdditions"/>: the English name, everyday names, situations.
/// The same record and additions always give the same text, so a newer record shows as a plain diff.
/// </summary>
public static partial class PortalDocuments
{
    /// <summary>Front-matter key that marks a document generated from a record, with the record's date.</summary>
    public const string RecordDateKey = "record_updated";

    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    [GeneratedRegex(@"^\s*[-+•*]+\s*")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"^(\d{1,3})([.)])(\s)")]
    private static partial Regex LeadingNumber();

    [GeneratedRegex(@"^(?:[-+•]\s*)?Bước\s*\d+", RegexOptions.IgnoreCase)]
    private static partial Regex StepStart();

    private sealed record Words(
        string Steps, string Documents, string Fee, string Time, string Where, string Result, string Online, string Notes,
        string Originals, string OnlyIf, string Direct, string OnlineMethod, string Postal, string Currency, string NotStated,
        string Authority, string Conditions, string RecordNote, string Cases, string Published, string Receiving,
        string FullyOnline, string PartlyOnline, string RecordSays, string Source, string Summary);

    private static readonly Words Vi = new(
        "Trình tự thực hiện", "Giấy tờ cần nộp", "Phí, lệ phí", "Thời hạn giải quyết", "Nơi nộp hồ sơ", "Kết quả",
        "Nộp trực tuyến", "Lưu ý",
        "{0} bản chính, {1} bản sao", "Chỉ khi thuộc trường hợp «{0}»: ", "Nộp trực tiếp", "Nộp trực tuyến", "Qua bưu chính", "đồng",
        "Hồ sơ trên Cổng Dịch vụ công quốc gia không ghi mục này; hỏi cán bộ Trung tâm Phục vụ hành chính công.",
        "Cơ quan giải quyết: {0}.", "Điều kiện: {0}", "Ghi chú của hồ sơ: {0}", "Các trường hợp: {0}.",
        "Thủ tục do {0} công bố{1}; hồ sơ trên Cổng Dịch vụ công quốc gia cập nhật ngày {2:dd/MM/yyyy}.",
        "Nơi tiếp nhận theo hồ sơ: {0}.",
        "Làm được toàn bộ trên Cổng Dịch vụ công quốc gia: {0}", "Có thể nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia: {0}",
        "theo hồ sơ: «{0}»", "Cổng Dịch vụ công quốc gia – thủ tục {0}",
        "Thủ tục {0} tại Trung tâm Phục vụ hành chính công.");

    private static readonly Words En = new(
        "Steps", "Papers to hand in", "Fees and charges", "Processing time", "Where to submit", "Result",
        "Submitting online", "Notes",
        "{0} original(s), {1} copy(ies)", "Only in the case «{0}»: ", "In person", "Online", "By post", "đồng",
        "The record on the National Public Service Portal does not state this; ask the staff of the Public Administration Service Center.",
        "Handled by: {0}.", "Conditions (as in the record): {0}", "The record's note: {0}", "Cases: {0}.",
        "Published by {0}{1}; the record on the National Public Service Portal was updated on {2:dd/MM/yyyy}.",
        "Where the record says the dossier is received: {0}.",
        "Can be done entirely on the National Public Service Portal: {0}", "The dossier can be submitted on the National Public Service Portal: {0}",
        "the record says: «{0}»", "National Public Service Portal – procedure {0}",
        "{0} at the Public Administration Service Center.");

    public static string Render(PortalRecord record, PortalAdditions? additions, string language)
    {
        ArgumentNullException.ThrowIfNull(record);
        var english = language == "en";
        var w = english ? En : Vi;
        var updated = record.Updated ?? record.Decided ?? new DateOnly(2026, 7, 18);
        var title = english && additions is { TitleEnglish.Length: > 0 } ? additions.TitleEnglish : record.Name;
        var aliases = (english ? additions?.AliasesEnglish : additions?.AliasesVietnamese) ?? [];
        var situations = (english ? additions?.SituationsEnglish : additions?.SituationsVietnamese) ?? [];
        var online = record.FullyOnline ? "full" : record.Methods.Any(m => m.Method == "ONLINE") ? "partial" : "none";

        var text = new StringBuilder();
        text.Append("---\n")
            .Append(CultureInfo.InvariantCulture, $"code: \"{record.Code}\"\n")
            .Append(CultureInfo.InvariantCulture, $"lang: {(english ? "en" : "vi")}\n")
            .Append(CultureInfo.InvariantCulture, $"title: {Yaml(title)}\n");
        var names = english ? aliases.Prepend(record.Name).ToList() : aliases.ToList();
        if (names.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"aliases: [{string.Join(", ", names.Select(Yaml))}]\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"field: {Yaml(record.Category ?? w.NotStated)}\n")
            .Append(CultureInfo.InvariantCulture, $"authority: {Yaml(Authority(record) ?? w.NotStated)}\n")
            .Append(CultureInfo.InvariantCulture, $"online: {online}\n")
            .Append(CultureInfo.InvariantCulture, $"portal_url: {record.PortalUrl}\n");
        if (record.Province is { } province)
        {
            text.Append(CultureInfo.InvariantCulture, $"province: {Yaml(province)}\n");
        }
        text.Append("legal_basis:\n");
        foreach (var basis in record.LegalBasis.DefaultIfEmpty(w.NotStated))
        {
            text.Append(CultureInfo.InvariantCulture, $"  - {Yaml(basis)}\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"effective: {record.Decided ?? updated:yyyy-MM-dd}\n")
            .Append(CultureInfo.InvariantCulture, $"verified: {updated:yyyy-MM-dd}\n")
            .Append(CultureInfo.InvariantCulture, $"{RecordDateKey}: {updated:yyyy-MM-dd}\n")
            .Append("sources:\n")
            .Append(CultureInfo.InvariantCulture, $"  - title: {Yaml(string.Format(CultureInfo.InvariantCulture, w.Source, record.Code))}\n")
            .Append(CultureInfo.InvariantCulture, $"    url: {record.PortalUrl}\n")
            .Append("---\n\n")
            .Append(CultureInfo.InvariantCulture, $"# {Inline(title)}\n\n");

        // The summary: what the procedure is for, in people's words where we have them, else the record's frame.
        var summary = situations.Count > 0
            ? string.Join(' ', situations.Select(s => Inline(s.TrimEnd('.') + ".")))
            : string.Format(CultureInfo.InvariantCulture, w.Summary, Inline(english ? title : LowerFirst(record.Name)));
        if (english && title != record.Name)
        {
            summary += $" Official name (Vietnamese): {Inline(record.Name)}.";
        }
        text.Append(summary).Append("\n\n");

        Section(text, w.Steps, SectionIds.Steps, Steps(record), numbered: true, w);
        Section(text, w.Documents, SectionIds.Documents, Papers(record, w), numbered: false, w);
        Section(text, w.Fee, SectionIds.Fee, Fees(record, w), numbered: false, w);
        Section(text, w.Time, SectionIds.Time, Times(record, w, english), numbered: false, w);
        Section(text, w.Where, SectionIds.Where, Where(record, w), numbered: false, w);
        Section(text, w.Result, SectionIds.Result, record.Results.Select(Inline), numbered: false, w);
        if (online != "none")
        {
            Section(text, w.Online, SectionIds.Online, [string.Format(CultureInfo.InvariantCulture, online == "full" ? w.FullyOnline : w.PartlyOnline, record.PortalUrl)], numbered: false, w);
        }
        Section(text, w.Notes, SectionIds.Notes, Notes(record, w, updated), numbered: false, w);
        return text.ToString();
    }

    /// <summary>The record's steps: a new step where the record says "Bước N", its following lines joined to it.</summary>
    private static List<string> Steps(PortalRecord record)
    {
        var steps = new List<string>();
        var numbered = record.Steps.Any(s => StepStart().IsMatch(s));
        foreach (var line in record.Steps)
        {
            if (steps.Count > 0 && numbered && !StepStart().IsMatch(line))
            {
                steps[^1] += " " + Inline(line);
            }
            else
            {
                steps.Add(Inline(line));
            }
        }
        return steps;
    }

    private static IEnumerable<string> Papers(PortalRecord record, Words w)
    {
        var cases = record.Documents.Where(g => g.Items.Count > 0).ToList();
        foreach (var group in cases)
        {
            var only = cases.Count > 1 && group.Name.Length > 0 ? string.Format(CultureInfo.InvariantCulture, w.OnlyIf, Inline(group.Name.TrimEnd(':', ' '))) : "";
            foreach (var (name, originals, copies) in group.Items)
            {
                var counts = originals + copies > 0 ? $" — {string.Format(CultureInfo.InvariantCulture, w.Originals, originals, copies)}." : "";
                yield return only + Inline(name) + counts;
            }
        }
    }

    private static IEnumerable<string> Fees(PortalRecord record, Words w)
    {
        // Methods that charge the same are one line; the record's words on the method tell cases apart when fees differ.
        var lines = record.Methods
            .Where(m => m.Fees.Count > 0)
            .Select(m => (m.Method, Fee: string.Join("; ", m.Fees.Select(f => $"{f.Value.ToString("N0", Vietnamese)} {w.Currency}{(f.Description.Length > 0 ? $" ({Inline(f.Description)})" : "")}")), m.Description))
            .ToList();
        var distinctFees = lines.Select(l => l.Fee).Distinct().Count();
        return lines
            .GroupBy(l => (l.Fee, Case: distinctFees > 1 ? l.Description : ""))
            .Select(g => $"{Methods(g.Select(l => l.Method), w)}: {g.Key.Fee}{(g.Key.Case.Length > 0 ? $" ({string.Format(CultureInfo.InvariantCulture, w.RecordSays, Inline(g.Key.Case))})" : "")}.");
    }

    private static IEnumerable<string> Times(PortalRecord record, Words w, bool english) =>
        record.Methods
            .Where(m => m.Time > 0 || m.Description.Length > 0)
            .GroupBy(m => (m.Time, m.TimeUnit, m.Description))
            .Select(g =>
            {
                var amount = g.Key.Time > 0 && g.Key.TimeUnit != "OTHER" ? $"{g.Key.Time.ToString(CultureInfo.InvariantCulture)} {Unit(g.Key.TimeUnit, english)}" : "";
                var said = g.Key.Description.Length > 0 ? string.Format(CultureInfo.InvariantCulture, w.RecordSays, Inline(g.Key.Description)) : "";
                return $"{Methods(g.Select(m => m.Method), w)}: {string.Join(" — ", new[] { amount, said }.Where(p => p.Length > 0))}.";
            });

    private static IEnumerable<string> Where(PortalRecord record, Words w)
    {
        if (Authority(record) is { } authority)
        {
            yield return string.Format(CultureInfo.InvariantCulture, w.Authority, Inline(authority));
        }
        if (record.ReceivingAddress is { } address)
        {
            yield return string.Format(CultureInfo.InvariantCulture, w.Receiving, Inline(address));
        }
        foreach (var method in record.Methods.Select(m => m.Method).Distinct().Order(StringComparer.Ordinal))
        {
            yield return method == "ONLINE" ? $"{Methods([method], w)}: {record.PortalUrl}" : $"{Methods([method], w)}.";
        }
    }

    private static IEnumerable<string> Notes(PortalRecord record, Words w, DateOnly updated)
    {
        // The record's conditions and note, a line an item, the first introduced as such.
        foreach (var (said, frame) in new[] { (record.Conditions, w.Conditions), (record.Note, w.RecordNote) })
        {
            var lines = (said ?? "").Split('\n').Select(Inline).Where(l => l.Length > 0).ToList();
            for (var i = 0; i < lines.Count; i++)
            {
                yield return i == 0 ? string.Format(CultureInfo.InvariantCulture, frame, lines[i]) : lines[i];
            }
        }
        var decision = record.Decision is { } number ? $" ({number})" : "";
        yield return string.Format(CultureInfo.InvariantCulture, w.Published, Inline(record.Publisher ?? "—"), decision, updated);
    }

    private static string? Authority(PortalRecord record) => record.Agencies.Count > 0 ? string.Join("; ", record.Agencies) : null;

    private static string Methods(IEnumerable<string> methods, Words w) =>
        string.Join(", ", methods.Distinct().Order(StringComparer.Ordinal).Select(m => m switch
        {
            "DIRECT" => w.Direct,
            "ONLINE" => w.OnlineMethod,
            "POSTAL" => w.Postal,
            _ => m,
        }));

    private static string Unit(string unit, bool english) => (unit, english) switch
    {
        ("WORKING_DAY", false) => "ngày làm việc",
        ("WORKING_DAY", true) => "working days",
        ("DAY", false) => "ngày",
        ("DAY", true) => "days",
        ("HOUR", false) => "giờ",
        ("HOUR", true) => "hours",
        ("MONTH", false) => "tháng",
        ("MONTH", true) => "months",
        (_, false) => "(đơn vị theo hồ sơ)",
        (_, true) => "(unit as in the record)",
    };

    private static void Section(StringBuilder text, string heading, string id, IEnumerable<string> lines, bool numbered, Words w)
    {
        var items = lines.Where(l => l.Length > 0).ToList();
        if (items.Count == 0)
        {
            items.Add(w.NotStated);
        }
        text.Append(CultureInfo.InvariantCulture, $"## {heading} {{#{id}}}\n\n");
        for (var i = 0; i < items.Count; i++)
        {
            text.Append(numbered ? $"{i + 1}. " : "- ").Append(items[i]).Append('\n');
        }
        text.Append('\n');
    }

    /// <summary>One line of record text as Markdown: spaces collapsed, its own list marker dropped, a leading number kept as text.</summary>
    private static string Inline(string text)
    {
        var line = string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t', '\u00A0'], StringSplitOptions.RemoveEmptyEntries));
        line = ListMarker().Replace(line, "");
        line = LeadingNumber().Replace(line, "$1\\$2$3");
        return line.Replace("<", "‹", StringComparison.Ordinal).Replace(">", "›", StringComparison.Ordinal);
    }

    private static string LowerFirst(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLower(text[0], Vietnamese) + text[1..] : text;

    private static string Yaml(string text) =>
        $"\"{string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}

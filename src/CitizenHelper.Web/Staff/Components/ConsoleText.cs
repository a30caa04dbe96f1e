using System.Globalization;
using CitizenHelper.Answering;
using CitizenHelper.Storage;

namespace CitizenHelper.Web.Staff.Components;

/// <summary>The console's words for stored values: statuses, reasons, channels, procedures by name.</summary>
public static class ConsoleText
{
    public static string Status(EscalationStatus status) => status switch
    {
        EscalationStatus.Open => "Mới · Open",
        EscalationStatus.Assigned => "Đã nhận · Assigned",
        EscalationStatus.Answered => "Đã trả lời · Answered",
        _ => "Đã xong · Resolved",
    };

    public static string Reason(string reason) => reason switch
    {
        "NoMatch" => "Không tìm thấy · No match",
        "LowConfidence" => "Chưa chắc · Low confidence",
        "AskedForPerson" => "Muốn gặp cán bộ · Asked for a person",
        "Guardrail" => "Bị từ chối · Guardrail",
        "NotHelpful" => "Không hữu ích · Not helpful",
        "QrUnreadable" => "Không đọc được mã QR · QR could not be read",
        _ => reason,
    };

    public static readonly string[] Reasons = ["NoMatch", "LowConfidence", "AskedForPerson", "Guardrail", "NotHelpful", "QrUnreadable"];

    /// <summary>Where the citizen wrote from, by the stored conversation's channel id.</summary>
    public static string Channel(string? channelId) => channelId switch
    {
        null or "" => "—",
        "directline" => "Web / Direct Line",
        "webchat" => "Web",
        "zalo" => "Zalo",
        "emulator" => "Emulator",
        _ => channelId,
    };

    /// <summary>A procedure's name (in Vietnamese when written), not its code; the code when no document has it.</summary>
    public static string Procedure(KnowledgeProvider knowledge, string? code, string language = "vi")
    {
        if (code is null)
        {
            return "—";
        }
        var documents = knowledge?.Current.Base.Procedures.Where(p => p.Code == code).ToList() ?? [];
        var document = documents.FirstOrDefault(p => p.Language == language) ?? documents.FirstOrDefault(p => p.Language == "vi") ?? documents.FirstOrDefault();
        return document?.Title ?? code;
    }

    /// <summary>Every procedure for a filter: code and name, by name.</summary>
    public static IEnumerable<(string Code, string Name)> Procedures(KnowledgeProvider knowledge) =>
        knowledge is null ? [] : knowledge.Current.Base.Procedures.Select(p => p.Code).Distinct()
            .Select(c => (c, Procedure(knowledge, c))).OrderBy(p => p.Item2, StringComparer.Ordinal);

    /// <summary>A week by its ISO number and days: "Tuần 49 · 30/11–06/12/2026".</summary>
    public static string Week(DateOnly monday) =>
        string.Create(CultureInfo.InvariantCulture, $"Tuần · Week {ISOWeek.GetWeekOfYear(monday.ToDateTime(TimeOnly.MinValue))} · {monday:dd/MM}–{monday.AddDays(6):dd/MM/yyyy}");

    /// <summary>A share as a whole percentage; a dash when there is nothing to share.</summary>
    public static string Percent(double? share) => share is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value * 100:0} %") : "—";

    /// <summary>Minutes, or hours past an hour; a dash when unknown.</summary>
    public static string Minutes(double? minutes) => minutes switch
    {
        null => "—",
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{minutes:0} phút · min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:0.#} giờ · h"),
    };

    public static string Shorten(string text, int max) =>
        text is null || text.Length <= max ? text ?? "" : string.Concat(text.AsSpan(0, max), "…");
}

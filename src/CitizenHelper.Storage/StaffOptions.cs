using CitizenHelper.Knowledge;

namespace CitizenHelper.Storage;

/// <summary>The staff side (section "Staff"; the first administrator is under "Staff:Admin").</summary>
public sealed class StaffOptions
{
    public const string SectionName = "Staff";

    /// <summary>Days a call-back phone number is kept before it is deleted.</summary>
    public int CallbackRetentionDays { get; set; } = 30;

    /// <summary>
    /// The center that gets escalations whose commune is not known: its unit code (<c>24640</c>), or a unit name found
    /// only once in the lists. Empty: such escalations are seen by administrators only, who route them.
    /// </summary>
    public string DefaultCenter { get; set; } = "";

    /// <summary>The center key (unit code) <see cref="DefaultCenter"/> names; as written when no unit has it; null when empty.</summary>
    public string? DefaultCenterKey(KnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        return DefaultCenter is { Length: > 0 } center ? knowledge.UnitDirectory.Resolve(center)?.Key ?? center : null;
    }

    /// <summary>
    /// Replies a clerk picks from instead of typing (each up to 4000 characters); empty: <see cref="DefaultCannedReplies"/>.
    /// </summary>
    public IList<string> CannedReplies { get; } = [];

    public static readonly IReadOnlyList<string> DefaultCannedReplies =
    [
        "Cảm ơn anh/chị đã hỏi. Cán bộ Trung tâm đã nhận câu hỏi và sẽ trả lời sớm.",
        "Anh/chị vui lòng mang theo Căn cước và giấy tờ liên quan đến Trung tâm Phục vụ hành chính công để được hướng dẫn trực tiếp.",
        "Anh/chị vui lòng cho biết anh/chị ở xã/phường nào để cán bộ hướng dẫn đúng nơi nộp hồ sơ.",
        "Câu hỏi của anh/chị đã được giải đáp. Nếu cần thêm, anh/chị cứ nhắn tiếp.",
    ];

    /// <summary>The canned replies the console offers.</summary>
    public IReadOnlyList<string> Replies => CannedReplies.Count > 0 ? [.. CannedReplies] : DefaultCannedReplies;

    /// <summary>
    /// Working hours per center (key: its unit code; "default" for the others), as <see cref="Storage.WorkingHours"/>
    /// reads them. Outside them the citizen is not promised an answer now but told when staff are back. None: always.
    /// </summary>
    public Dictionary<string, string> WorkingHours { get; } = new(StringComparer.Ordinal);

    public const string DefaultHours = "default";

    /// <summary>When staff of <paramref name="center"/> are back, if they are away at <paramref name="now"/>; null when at work or no hours are set.</summary>
    public DateTimeOffset? StaffBackAt(string? center, DateTimeOffset now) =>
        HoursOf(center) is { } text ? Storage.WorkingHours.Parse(text).Hours?.BackAt(now) : null;

    /// <summary>The working hours of <paramref name="center"/> as written (its own, else the default); null: none set.</summary>
    public string? HoursOf(string? center) =>
        center is not null && WorkingHours.TryGetValue(center, out var own) ? own : WorkingHours.GetValueOrDefault(DefaultHours);

    /// <summary>Sign-in attempts (console and API together) per client address per minute.</summary>
    public int SignInsPerMinute { get; set; } = 10;

    public IEnumerable<string> Validate()
    {
        if (SignInsPerMinute < 1)
        {
            yield return $"{SectionName}:{nameof(SignInsPerMinute)} must be at least 1.";
        }
        if (CallbackRetentionDays is < 1 or > 365)
        {
            yield return $"{SectionName}:{nameof(CallbackRetentionDays)} must be between 1 and 365 days, not {CallbackRetentionDays}.";
        }
        if (CannedReplies.Any(r => string.IsNullOrWhiteSpace(r) || r.Length > 4000))
        {
            yield return $"{SectionName}:{nameof(CannedReplies)} must each be 1 to 4000 characters.";
        }
        foreach (var (center, hours) in WorkingHours)
        {
            if (Storage.WorkingHours.Parse(hours).Problem is { } problem)
            {
                yield return $"{SectionName}:{nameof(WorkingHours)}:{center}: {problem}";
            }
        }
        if (DefaultCenter.Length > 128)
        {
            yield return $"{SectionName}:{nameof(DefaultCenter)} is longer than 128 characters.";
        }
    }
}

/// <summary>What one signed-in staff member may see: everything (admin) or the escalations of their centers.</summary>
public sealed record StaffScope(bool IsAdmin, IReadOnlySet<string> Centers)
{
    public static StaffScope Admin { get; } = new(true, new HashSet<string>());

    public bool Sees(EscalationRecord escalation) =>
        IsAdmin || (escalation?.Center is { } center && Centers.Contains(center));

    /// <summary>Call-back numbers only for staff of the escalation's own center, administrators included only if assigned there.</summary>
    public bool SeesPhoneOf(EscalationRecord escalation) =>
        escalation?.Center is { } center && Centers.Contains(center);
}

/// <summary>Filters of the staff queue; every one optional.</summary>
public sealed record EscalationQuery
{
    /// <summary>The <see cref="Center"/> filter of escalations no center has (for administrators to route).</summary>
    public const string NoCenter = "none";

    public EscalationStatus? Status { get; init; }
    public string? Reason { get; init; }
    public string? Procedure { get; init; }
    public string? Language { get; init; }
    public string? Center { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }

    /// <summary>Words in the reference, question or transcript.</summary>
    public string? Search { get; init; }

    public int Skip { get; init; }
    public int Take { get; init; } = 50;
}

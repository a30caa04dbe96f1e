using System.Text.RegularExpressions;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Bot.Guided;

/// <summary>One document of the checklist, in plain sentences: its name, how many copies, when it is needed, and the rest.</summary>
public sealed record GuidedItem(IReadOnlyList<string> Name, string? Copies, string? Condition, IReadOnlyList<string> Details)
{
    public string Title => Name.Count > 0 ? Name[0].TrimEnd('.') : "";
}

/// <summary>
/// What guided mode says for one procedure in one language, derived line by line from the procedure's own
/// <c>documents</c>, <c>steps</c> and <c>where</c> sections (or a language pack's translation of those lines).
/// <see cref="FellBack"/> is true when the wanted language had no text and Vietnamese is shown instead.
/// </summary>
public sealed partial record GuidedScript(
    Procedure Procedure,
    string Language,
    bool FellBack,
    IReadOnlyList<GuidedItem> Documents,
    IReadOnlyList<IReadOnlyList<string>> Steps,
    IReadOnlyList<string> Where,
    Glossary? Glossary)
{
    /// <summary>The script for a procedure, or null when the knowledge base has no such procedure.</summary>
    public static GuidedScript? For(KnowledgeBase knowledge, LanguagePacks packs, string code, string language)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        ArgumentNullException.ThrowIfNull(packs);
        var own = knowledge.Find(code, language);
        if (own is null)
        {
            return null;
        }
        var pack = packs.Find(language);
        if (own.Language == language)
        {
            return Derive(own, language, fellBack: false, own.Section(SectionIds.Documents)?.Lines, own.Section(SectionIds.Steps)?.Lines,
                own.Section(SectionIds.Where)?.Lines, pack?.Glossary ?? knowledge.GlossaryFor(language));
        }
        // No procedure document in this language: a pack's translation of the Vietnamese lines, if it matches them line for line.
        var vietnamese = knowledge.Find(code, LanguagePacks.Fallback) ?? own;
        if (pack?.Procedures.GetValueOrDefault(code) is { } text
            && text.Documents.Count == (vietnamese.Section(SectionIds.Documents)?.Lines.Count ?? 0)
            && text.Steps.Count == (vietnamese.Section(SectionIds.Steps)?.Lines.Count ?? 0))
        {
            return Derive(vietnamese, language, fellBack: false, text.Documents, text.Steps,
                text.Where.Count > 0 ? text.Where : vietnamese.Section(SectionIds.Where)?.Lines, pack.Glossary);
        }
        return Derive(vietnamese, language, fellBack: true, vietnamese.Section(SectionIds.Documents)?.Lines, vietnamese.Section(SectionIds.Steps)?.Lines,
            vietnamese.Section(SectionIds.Where)?.Lines, knowledge.GlossaryFor(vietnamese.Language));
    }

    /// <summary>The language the texts are written in.</summary>
    public string TextLanguage => FellBack ? Procedure.Language : Language;

    /// <summary>Every sentence the script can say, for checks.</summary>
    public IEnumerable<string> AllSentences =>
        Documents.SelectMany(d => d.Name.Concat(d.Details))
            .Concat(Steps.SelectMany(s => s))
            .Concat(Where);

    private static GuidedScript Derive(
        Procedure procedure, string language, bool fellBack, IReadOnlyList<string>? documents, IReadOnlyList<string>? steps, IReadOnlyList<string>? where, Glossary? glossary) =>
        new(procedure, language, fellBack,
            [.. (documents ?? []).Select(Item).OfType<GuidedItem>()],
            [.. (steps ?? []).Select(s => PlainWords.Sentences(s)).Where(s => s.Count > 0)],
            [.. (where ?? []).SelectMany(PlainWords.Sentences)],
            glossary);

    /// <summary>
    /// "Chỉ khi …: name — 1 bản chính. More." → condition, name, copies and details; null for a note, which is no paper.
    /// </summary>
    private static GuidedItem? Item(string line)
    {
        string? condition = null;
        if (Conditional().Match(line) is { Success: true } conditional)
        {
            var heading = GeneratedCase().Match(conditional.Groups[1].Value) is { Success: true } quoted ? Heading(quoted.Groups[1].Value) : null;
            if (heading is not null && NoteHeadings.Contains(heading))
            {
                // The record's notes («Lưu ý») sit among its papers, but they are no paper to bring; the document [1]
                // the guide cites has them.
                return null;
            }
            condition = heading is not null && PaperHeadings.Contains(heading) ? null
                : PlainWords.Sentences(conditional.Groups[1].Value) is { Count: > 0 } said ? LowerFirst(said[0]) : null;
            line = conditional.Groups[2].Value;
        }
        string? copies = null;
        IReadOnlyList<string> name;
        IReadOnlyList<string> details;
        var dash = line.IndexOf(" — ", StringComparison.Ordinal);
        if (dash > 0)
        {
            name = PlainWords.Sentences(line[..dash]);
            var after = PlainWords.Sentences(line[(dash + 3)..]);
            copies = after.Count > 0 ? after[0] : null;
            details = [.. after.Skip(1)];
        }
        else
        {
            var sentences = PlainWords.Sentences(line);
            name = [.. sentences.Take(1)];
            details = [.. sentences.Skip(1)];
        }
        if (name.Count == 0 && condition is not null)
        {
            name = [condition];
        }
        return new GuidedItem(name, copies, condition, details);
    }

    /// <summary>"Trẻ bị bỏ rơi." → "trẻ bị bỏ rơi.", as it follows "Only needed if:"; a name such as "VNeID" stays.</summary>
    private static string LowerFirst(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    // "Only in the case «…»:" is how an English document generated from a portal record says "Chỉ khi thuộc trường hợp «…»:".
    [GeneratedRegex(@"^\s*(?:Chỉ khi|Only if|Only when|Only in the case)\s+(.+?):\s*(.*)$", RegexOptions.Singleline)]
    private static partial Regex Conditional();

    /// <summary>The name of the record's group of papers, as a generated document quotes it: "thuộc trường hợp «…»".</summary>
    [GeneratedRegex(@"^(?:thuộc trường hợp\s+)?«([^»]+)»\s*$")]
    private static partial Regex GeneratedCase();

    private static string Heading(string name) => name.Normalize(System.Text.NormalizationForm.FormC).Trim().TrimEnd(':', '.', ' ').ToLowerInvariant();

    // A portal record files its papers under groups; only some groups are cases ("Đối với trường hợp …"). These are
    // headings every applicant meets: papers to hand in or to show, the dossier, and notes.
    private static readonly HashSet<string> PaperHeadings = new(StringComparer.Ordinal)
    {
        "giấy tờ phải nộp", "giấy tờ phải xuất trình", "giấy tờ cần nộp", "giấy tờ cần xuất trình",
        "thành phần hồ sơ", "thành phần hồ sơ gồm", "thành phần hồ sơ bao gồm", "hồ sơ gồm", "hồ sơ bao gồm",
    };

    private static readonly HashSet<string> NoteHeadings = new(StringComparer.Ordinal) { "lưu ý", "ghi chú", "chú ý" };
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CitizenHelper.Knowledge.Import;

/// <summary>One fact of a record as it was and as it is now, each a list of lines (a fee per method, a paper per line).</summary>
public sealed record FieldChange(string Field, IReadOnlyList<string> Old, IReadOnlyList<string> New);

/// <summary>
/// What a newer crawl changes for one procedure code: <c>changed</c> (with the facts that differ), <c>added</c> (not in
/// the bundled records) or <c>removed</c> (bundled, absent from the crawl). <see cref="Version"/> names this exact change
/// (a hash of the newer record): a decision holds for it, and a form carrying an older one is refused.
/// </summary>
public sealed record PortalChange(
    string Code, string Kind, string Name, bool CommuneLevel, string? Document, string Version, string? Source, IReadOnlyList<FieldChange> Fields)
{
    public const string Changed = "changed";
    public const string Added = "added";
    public const string Removed = "removed";
    public const string Generated = "generated";
    public const string HandWritten = "hand-written";
}

/// <summary>
/// The change report of <c>kb import-portal</c>: every change of a newer crawl against the bundled records, in code
/// order, and every record of the crawl that could not be used. The same crawl and baseline always give the same
/// report (<see cref="Id"/> included): nothing in it depends on when it was made.
/// </summary>
public sealed record PortalChangeReport(string Crawl, bool Partial, int Read, IReadOnlyList<PortalChange> Changes, IReadOnlyList<CrawlProblem> Problems)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>A short hash of the report's content.</summary>
    [JsonIgnore]
    public string Id => PortalChanges.Hash(JsonSerializer.Serialize(this with { Crawl = "" }, Json));

    [JsonIgnore]
    public string Summary =>
        $"{Changes.Count(c => c.Kind == PortalChange.Changed)} changed, {Changes.Count(c => c.Kind == PortalChange.Added)} added, " +
        $"{Changes.Count(c => c.Kind == PortalChange.Removed)} removed, {Problems.Count} records not usable";

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static PortalChangeReport? FromJson(string json) => JsonSerializer.Deserialize<PortalChangeReport>(json, Json);

    /// <summary>The report for people: a section per kind of change, each code with its facts old → new.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Portal changes: {Crawl}\n\n")
            .Append(CultureInfo.InvariantCulture, $"{Read} records read and compared with the bundled records (portal/records.jsonl.gz), commune-level ones and those a document is about: {Summary}.")
            .Append(Partial ? " A partial crawl: codes it lacks are not reported as removed." : "")
            .Append(" Nothing was changed; an administrator approves or rejects each change in the staff console (Portal changes).\n");
        foreach (var (kind, heading) in new[] { (PortalChange.Changed, "Changed"), (PortalChange.Added, "Added"), (PortalChange.Removed, "Removed (kept until someone retires the document)") })
        {
            var changes = Changes.Where(c => c.Kind == kind).ToList();
            if (changes.Count == 0)
            {
                continue;
            }
            text.Append(CultureInfo.InvariantCulture, $"\n## {heading}\n");
            foreach (var change in changes)
            {
                var about = string.Join("; ", new[] { change.CommuneLevel ? "commune level" : null, change.Document is { } d ? $"document {d}" : "no document", change.Source }.OfType<string>());
                text.Append(CultureInfo.InvariantCulture, $"\n### {change.Code} {change.Name}\n\n({about})\n\n");
                foreach (var field in change.Fields)
                {
                    text.Append(CultureInfo.InvariantCulture, $"- **{field.Field}**\n");
                    foreach (var line in field.Old.Except(field.New))
                    {
                        text.Append(CultureInfo.InvariantCulture, $"  - old: {line}\n");
                    }
                    foreach (var line in field.New.Except(field.Old))
                    {
                        text.Append(CultureInfo.InvariantCulture, $"  - new: {line}\n");
                    }
                    if (field.Old.Except(field.New).Concat(field.New.Except(field.Old)).Any() is false)
                    {
                        text.Append("  - the same lines in another order\n");
                    }
                }
            }
        }
        if (Problems.Count > 0)
        {
            text.Append("\n## Records not used\n\n");
            foreach (var problem in Problems)
            {
                text.Append(CultureInfo.InvariantCulture, $"- {problem.Source}: {(problem.Code is null ? "" : $"{problem.Code}, ")}field `{problem.Field}`: {problem.Message}\n");
            }
        }
        return text.ToString();
    }
}

/// <summary>Compares a newer crawl with the bundled records, fact by fact.</summary>
public static class PortalChanges
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>The facts compared, in the order they are reported.</summary>
    public static readonly string[] Fields =
        ["name", "fee", "time", "documents", "steps", "legal_basis", "where", "result", "agency", "online", "category", "conditions", "note", "record_date"];

    /// <summary>The facts an added record is shown with (its document, in the console, shows the rest).</summary>
    private static readonly string[] AddedShows = ["name", "fee", "time", "agency", "online"];

    /// <summary>
    /// The changes of the records of <paramref name="crawl"/> against <paramref name="baseline"/>, for codes that are
    /// commune level (in either) or that <paramref name="documentOf"/> says we have a document for ("generated" or
    /// "hand-written"). A code whose newer record cannot be used is neither changed nor removed: its problem says why.
    /// </summary>
    public static PortalChangeReport Compare(
        string crawlName, IReadOnlyDictionary<string, CrawlRecord> baseline,
        (IReadOnlyDictionary<string, CrawlRecord> Records, IReadOnlyList<CrawlProblem> Problems, IReadOnlySet<string> Unusable) crawl,
        Func<string, string?> documentOf, bool partial)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(documentOf);
        var changes = new List<PortalChange>();
        foreach (var code in baseline.Keys.Union(crawl.Records.Keys).Order(StringComparer.Ordinal))
        {
            var old = baseline.GetValueOrDefault(code);
            var now = crawl.Records.GetValueOrDefault(code);
            var document = documentOf(code);
            if (!(old?.Record.CommuneLevel == true || now?.Record.CommuneLevel == true || document is not null))
            {
                continue;
            }
            if (old is not null && now is not null)
            {
                var fields = Differences(old.Record, now.Record);
                if (fields.Count > 0)
                {
                    changes.Add(new PortalChange(code, PortalChange.Changed, now.Record.Name, now.Record.CommuneLevel, document, Hash(now.Json), now.Source, fields));
                }
            }
            else if (now is not null)
            {
                changes.Add(new PortalChange(code, PortalChange.Added, now.Record.Name, now.Record.CommuneLevel, document, Hash(now.Json), now.Source,
                    [.. Facts(now.Record).Where(f => AddedShows.Contains(f.Key) && f.Value.Count > 0).Select(f => new FieldChange(f.Key, [], f.Value))]));
            }
            else if (old is not null && !partial && !crawl.Unusable.Contains(code))
            {
                changes.Add(new PortalChange(code, PortalChange.Removed, old.Record.Name, old.Record.CommuneLevel, document, Hash("removed\n" + old.Json), null, []));
            }
        }
        return new PortalChangeReport(crawlName, partial, crawl.Records.Count + crawl.Problems.Count, changes, crawl.Problems);
    }

    /// <summary>The facts that differ between two records of one code.</summary>
    public static IReadOnlyList<FieldChange> Differences(PortalRecord old, PortalRecord now)
    {
        var before = Facts(old);
        var after = Facts(now);
        return [.. Fields.Where(f => !before[f].SequenceEqual(after[f], StringComparer.Ordinal)).Select(f => new FieldChange(f, before[f], after[f]))];
    }

    /// <summary>A record's facts as lines, the way they are compared and shown.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Facts(PortalRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        static IReadOnlyList<string> One(string? text) => text is { Length: > 0 } ? [string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))] : [];
        return new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["name"] = One(record.Name),
            ["fee"] = [.. record.Methods.SelectMany(m => m.Fees.Select(f =>
                $"{m.Method}: {f.Value.ToString("N0", Vietnamese)} đồng{(f.Description.Length > 0 ? $" ({f.Description})" : "")}"))],
            ["time"] = [.. record.Methods.Select(m =>
                $"{m.Method}: {m.Time.ToString(CultureInfo.InvariantCulture)} {m.TimeUnit}{(m.Description.Length > 0 ? $" ({m.Description})" : "")}")],
            ["documents"] = [.. record.Documents.SelectMany(g => g.Items.Select(i =>
                $"{(g.Name.Length > 0 ? $"{g.Name}: " : "")}{i.Name} — {i.Originals} bản chính, {i.Copies} bản sao"))],
            ["steps"] = record.Steps,
            ["legal_basis"] = record.LegalBasis,
            ["where"] = [.. record.Methods.Select(m => m.Method).Distinct(), .. One(record.ReceivingAddress)],
            ["result"] = record.Results,
            ["agency"] = record.Agencies,
            ["online"] = [record.FullyOnline ? "full" : record.Methods.Any(m => m.Method == "ONLINE") ? "partial" : "none"],
            ["category"] = One(record.Category),
            ["conditions"] = One(record.Conditions),
            ["note"] = One(record.Note),
            ["record_date"] = record.Updated is { } updated ? [updated.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)] : [],
        };
    }

    /// <summary>The first 16 hex digits of the SHA-256 of the text.</summary>
    public static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text ?? "")))[..16];
}

using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace CitizenHelper.Knowledge.Import;

/// <summary>What an administrator decided about one change: <c>approved</c> or <c>rejected</c>, by whom and when.</summary>
public sealed record PortalDecision(string Code, string Version, string Outcome, string By, DateTimeOffset At, string? Note)
{
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}

/// <summary>
/// The pending folder of portal changes, <c>portal/pending/</c> of a knowledge folder (the loader never reads it; it is
/// not in git): the last import's report (<c>report.md</c> for people, <c>report.json</c> for the console), the newer
/// records it reported (<c>records.jsonl</c>, one a line, as the crawl had them) and the decisions taken
/// (<c>decisions.json</c>, kept across imports: a change once decided stays decided while the newer record is the same).
/// It also replaces a record of the bundled baseline (<c>portal/records.jsonl.gz</c>) when a change is approved.
/// </summary>
public sealed class PortalPending(string knowledgeRoot)
{
    public const string Folder = "pending";
    public const string ReportJson = "report.json";
    public const string ReportMarkdown = "report.md";
    public const string RecordsFile = "records.jsonl";
    public const string DecisionsFile = "decisions.json";

    private static readonly UTF8Encoding Utf8 = new(false);

    public string Path { get; } = System.IO.Path.Combine(knowledgeRoot, PortalGeneration.PortalFolder, Folder);

    public string BaselinePath { get; } = PortalGeneration.RecordsPath(knowledgeRoot);

    /// <summary>
    /// <c>kb import-portal</c>: reads the crawl, compares it with the baseline, writes the report and the newer records
    /// of the changes; changes no document and no baseline record.
    /// </summary>
    public PortalChangeReport Import(string crawlPath, bool partial, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(crawlPath);
        var procedures = System.IO.Path.Combine(knowledgeRoot, KnowledgeLoader.ProceduresFolder);
        var crawl = PortalCrawl.Read(crawlPath);
        var report = PortalChanges.Compare(System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(crawlPath)), Baseline(), crawl,
            code => DocumentKind(procedures, code, today), partial);
        Directory.CreateDirectory(Path);
        WriteAtomically(System.IO.Path.Combine(Path, RecordsFile), string.Concat(report.Changes
            .Where(c => c.Kind != PortalChange.Removed)
            .Select(c => crawl.Records[c.Code].Json + "\n")));
        WriteAtomically(System.IO.Path.Combine(Path, ReportJson), report.ToJson());
        WriteAtomically(System.IO.Path.Combine(Path, ReportMarkdown), report.ToMarkdown());
        return report;
    }

    /// <summary>"generated" when the procedure's document was generated from its record, "hand-written", or null when there is none.</summary>
    public static string? DocumentKind(string proceduresFolder, string code, DateOnly today) =>
        !File.Exists(System.IO.Path.Combine(proceduresFolder, $"{code}.vi.md")) && !File.Exists(System.IO.Path.Combine(proceduresFolder, $"{code}.en.md")) ? null
            : File.Exists(System.IO.Path.Combine(proceduresFolder, $"{code}.vi.md")) && PortalGeneration.HandWritten(proceduresFolder, code, today) ? PortalChange.HandWritten
            : PortalChange.Generated;

    /// <summary>The bundled records by code (read leniently: they are what our documents stand on).</summary>
    public IReadOnlyDictionary<string, CrawlRecord> Baseline()
    {
        var records = new Dictionary<string, CrawlRecord>(StringComparer.Ordinal);
        if (!File.Exists(BaselinePath))
        {
            return records;
        }
        foreach (var (source, json) in PortalRecordSource.Texts(BaselinePath))
        {
            if (json is not null && Read(json) is { } record)
            {
                records.TryAdd(record.Code, new CrawlRecord(source, json, record));
            }
        }
        return records;
    }

    /// <summary>The last import's report, or null when there is none.</summary>
    public PortalChangeReport? Report()
    {
        var file = System.IO.Path.Combine(Path, ReportJson);
        return File.Exists(file) ? PortalChangeReport.FromJson(File.ReadAllText(file, Encoding.UTF8)) : null;
    }

    /// <summary>The newer record of a reported change, or null.</summary>
    public CrawlRecord? NewRecord(string code)
    {
        var file = System.IO.Path.Combine(Path, RecordsFile);
        if (!File.Exists(file))
        {
            return null;
        }
        foreach (var (source, json) in PortalRecordSource.Texts(file))
        {
            if (json is not null && Read(json) is { } record && record.Code == code)
            {
                return new CrawlRecord(source, json, record);
            }
        }
        return null;
    }

    /// <summary>The decisions taken, by code and version.</summary>
    public IReadOnlyDictionary<(string Code, string Version), PortalDecision> Decisions()
    {
        var file = System.IO.Path.Combine(Path, DecisionsFile);
        var list = File.Exists(file) ? JsonSerializer.Deserialize<List<PortalDecision>>(File.ReadAllText(file, Encoding.UTF8), PortalChangeReport.Json) ?? [] : [];
        return list.GroupBy(d => (d.Code, d.Version)).ToDictionary(g => g.Key, g => g.Last());
    }

    /// <summary>Keeps a decision (the caller makes sure the change is still undecided).</summary>
    public void Decide(PortalDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        Directory.CreateDirectory(Path);
        var all = Decisions().Values.Append(decision).OrderBy(d => d.At).ThenBy(d => d.Code, StringComparer.Ordinal).ToList();
        WriteAtomically(System.IO.Path.Combine(Path, DecisionsFile), JsonSerializer.Serialize(all, PortalChangeReport.Json));
    }

    /// <summary>Puts a newer record in the baseline in place of its code's (or in code order when the code is new).</summary>
    public void ReplaceInBaseline(CrawlRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var lines = File.Exists(BaselinePath) ? [.. PortalRecordSource.Texts(BaselinePath).Select(t => t.Json).OfType<string>()] : new List<string>();
        var at = lines.FindIndex(l => Read(l)?.Code == record.Record.Code);
        if (at >= 0)
        {
            lines[at] = record.Json;
        }
        else
        {
            var after = lines.FindIndex(l => string.CompareOrdinal(Read(l)?.Code, record.Record.Code) > 0);
            lines.Insert(after < 0 ? lines.Count : after, record.Json);
        }
        var temporary = $"{BaselinePath}.{Guid.NewGuid():N}.tmp";
        using (var file = File.Create(temporary))
        using (var zip = new GZipStream(file, CompressionLevel.SmallestSize))
        {
            zip.Write(Utf8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));
        }
        File.Move(temporary, BaselinePath, overwrite: true);
    }

    private static PortalRecord? Read(string json)
    {
        try
        {
            return PortalRecord.Read(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void WriteAtomically(string path, string text)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, text, Utf8);
        File.Move(temporary, path, overwrite: true);
    }
}

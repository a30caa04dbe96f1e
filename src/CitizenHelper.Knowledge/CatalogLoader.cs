using System.Text;
using CitizenHelper.Knowledge.Parsing;

namespace CitizenHelper.Knowledge;

/// <summary>
/// The National Public Service Portal's catalog of a knowledge folder: its procedures with the names citizens use for
/// them (<see cref="KnowledgeLoader.CatalogAliasesFile"/>), the facts of the crawl's full records, and its list of
/// provinces.
/// </summary>
public static class CatalogLoader
{
    // Beside the catalog: the crawl's full records, its log (the crawl's date) and the portal's list of provinces.
    private const string RecordsFile = "records.jsonl.gz";
    private const string ManifestFile = "manifest.json";
    private const string ProvincesFile = "provinces.json";

    /// <summary>
    /// The catalog with the names citizens use for some of its procedures ("hộ chiếu", "bằng lái", "passport"), from
    /// <see cref="KnowledgeLoader.CatalogAliasesFile"/>: a header row <c>code	aliases</c>, then one procedure a line.
    /// </summary>
    internal static IReadOnlyList<CatalogProcedure> WithAliases(IReadOnlyList<CatalogProcedure> catalog, string root, List<KnowledgeProblem> problems)
    {
        var path = Path.Combine(root, KnowledgeLoader.CatalogAliasesFile);
        if (!File.Exists(path) || KnowledgeFiles.ReadText(path, KnowledgeLoader.CatalogAliasesFile, problems) is not { } text)
        {
            return catalog;
        }
        var codes = catalog.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        var aliases = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        if (lines[0].TrimEnd('\r') != "code\taliases")
        {
            problems.Add(new KnowledgeProblem(KnowledgeLoader.CatalogAliasesFile, 1, "the header must be exactly: code<TAB>aliases"));
            return catalog;
        }
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }
            var fields = line.Split('\t');
            if (fields.Length != 2 || !codes.Contains(fields[0]) || aliases.ContainsKey(fields[0]))
            {
                problems.Add(new KnowledgeProblem(KnowledgeLoader.CatalogAliasesFile, i + 1, fields.Length != 2
                    ? "a line needs a code and its aliases, separated by a tab"
                    : aliases.ContainsKey(fields[0]) ? $"{fields[0]} appears twice" : $"{fields[0]} is not a procedure of the catalog"));
                continue;
            }
            aliases[fields[0]] = [.. fields[1].Split(';').Select(a => Text.VietnameseText.Normalized(a.Trim(), NormalizationForm.FormC)).Where(a => a.Length > 0)];
        }
        return [.. catalog.Select(c => aliases.TryGetValue(c.Code, out var names) ? c with { Aliases = names } : c)];
    }

    /// <summary>The codes <see cref="KnowledgeLoader.CatalogAliasesFile"/> names (its first column), read without the catalog.</summary>
    internal static HashSet<string> AliasCodes(string root)
    {
        var path = Path.Combine(root, KnowledgeLoader.CatalogAliasesFile);
        return File.Exists(path) && new FileInfo(path).Length <= KnowledgeLoader.MaxFileBytes
            ? File.ReadLines(path, Encoding.UTF8).Skip(1).Select(l => l.Split('\t')[0]).Where(c => c.Length > 0).ToHashSet(StringComparer.Ordinal)
            : [];
    }

    /// <summary>The portal's list of provinces beside the catalog (<c>{"data":{"rows":[{"name":"Tỉnh Cao Bằng"}]}}</c>) as short names.</summary>
    internal static IReadOnlyList<string> Provinces(string catalogPath, List<KnowledgeProblem> problems)
    {
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(catalogPath))!, ProvincesFile);
        if (!File.Exists(path))
        {
            return [];
        }
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path, Encoding.UTF8));
            return json.RootElement.TryGetProperty("data", out var data) && data.TryGetProperty("rows", out var rows) && rows.ValueKind == System.Text.Json.JsonValueKind.Array
                ? [.. rows.EnumerateArray()
                    .Select(r => r.TryGetProperty("name", out var n) && n.ValueKind == System.Text.Json.JsonValueKind.String ? n.GetString() : null)
                    .OfType<string>().Select(Text.ProvinceNames.Plain)]
                : [];
        }
        catch (System.Text.Json.JsonException e)
        {
            problems.Add(new KnowledgeProblem(ProvincesFile, 0, $"not valid JSON: {e.Message}"));
            return [];
        }
    }

    /// <summary>The day the crawl started (<c>startedAt</c> of <c>manifest.json</c>), else null.</summary>
    private static DateOnly? CrawlDate(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path, Encoding.UTF8));
            return json.RootElement.TryGetProperty("startedAt", out var started) && started.TryGetDateTimeOffset(out var at)
                ? DateOnly.FromDateTime(at.UtcDateTime)
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// What each full record says of who handles a procedure and how it is submitted, by code. Records that cannot be
    /// read are reported and left out; the catalog entry stays.
    /// </summary>
    private static Dictionary<string, CatalogRecordFacts> ReadRecordFacts(string path, List<KnowledgeProblem> problems)
    {
        var facts = new Dictionary<string, CatalogRecordFacts>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return facts;
        }
        foreach (var entry in Import.PortalRecordSource.Read(path))
        {
            if (entry.Record is not { } record)
            {
                problems.Add(new KnowledgeProblem(RecordsFile, 0, $"{entry.Source}: {entry.Problem}"));
                continue;
            }
            facts[record.Code] = new CatalogRecordFacts
            {
                Level = record.CommuneLevel ? HandlingLevel.Commune
                    : record.ProvinceLevel ? HandlingLevel.Province
                    : record.MinistryLevel ? HandlingLevel.Ministry
                    : HandlingLevel.Unknown,
                Agencies = record.Agencies,
                Online = record.Methods.Any(m => m.Method == "ONLINE"),
                FullyOnline = record.FullyOnline,
                CommuneCenterReceives = record.CommuneLevel || CommuneCenterNamed(record.ReceivingAddress),
                Updated = record.Updated,
            };
        }
        return facts;
    }

    /// <summary>
    /// True when a record's receiving address names the commune's center: "Trung tâm Phục vụ hành chính công cấp xã",
    /// "… tỉnh/xã", "… tỉnh, xã, phường". "Các Trung tâm … trên địa bàn thành phố" says too little, and is not taken.
    /// </summary>
    public static bool CommuneCenterNamed(string? addresses)
    {
        if (addresses is null)
        {
            return false;
        }
        var folded = $" {Text.VietnameseText.Fold(addresses)} ";
        return folded.Contains(" cap xa ", StringComparison.Ordinal)
            || folded.Contains(" tinh xa ", StringComparison.Ordinal)
            || folded.Contains(" xa phuong ", StringComparison.Ordinal)
            || folded.Contains(" hanh chinh cong xa ", StringComparison.Ordinal);
    }

    /// <summary>The catalog at <paramref name="path"/> (JSON lines, or gzip), with the facts of the full records beside it.</summary>
    internal static IReadOnlyList<CatalogProcedure> Load(string path, List<KnowledgeProblem> problems)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            problems.Add(new KnowledgeProblem(name, 0, $"catalog file not found: {Path.GetFullPath(path)}"));
            return [];
        }
        var info = new FileInfo(path);
        if (info.Length > KnowledgeLoader.MaxCatalogBytes)
        {
            problems.Add(new KnowledgeProblem(name, 0, $"is {info.Length} bytes; a catalog may be at most {KnowledgeLoader.MaxCatalogBytes} bytes"));
            return [];
        }
        using var stream = File.OpenRead(path);
        using var input = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress) : (Stream)stream;
        using var reader = new StreamReader(input, Encoding.UTF8);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        // The catalog's facts are as old as the crawl, not as the file's copy on this disk.
        var crawled = CrawlDate(Path.Combine(folder, ManifestFile)) ?? DateOnly.FromDateTime(info.LastWriteTimeUtc);
        var (entries, catalogProblems) = PortalCatalogParser.Parse(reader, name, crawled);
        problems.AddRange(catalogProblems);
        var records = ReadRecordFacts(Path.Combine(folder, RecordsFile), problems);
        return records.Count == 0 ? entries : [.. entries.Select(e => records.TryGetValue(e.Code, out var facts) ? e with { Record = facts } : e)];
    }
}

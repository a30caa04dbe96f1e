using System.Text;
using CitizenHelper.Knowledge.Parsing;
using CitizenHelper.Knowledge.Units;

namespace CitizenHelper.Knowledge;

/// <summary>Loads every file of a knowledge folder, checks them together, and builds a <see cref="KnowledgeBase"/>.</summary>
public static class KnowledgeLoader
{
    public const string ProceduresFolder = "procedures";
    public const string HelpFolder = "help";
    public const string GlossaryFolder = "glossary";
    public const string CentersFolder = "centers";
    public const string ExamplesFolder = "examples";

    /// <summary>Names citizens use for procedures only the national catalog knows (<c>catalog/aliases.tsv</c>: code, aliases separated by ';').</summary>
    public const string CatalogAliasesFile = "catalog/aliases.tsv";

    /// <summary>Larger files are refused: no document needs more, and a huge file must not stall a reload.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>The national catalog may be large; its lines are small.</summary>
    public const int MaxCatalogBytes = 64 * 1024 * 1024;

    /// <summary>Where a knowledge folder keeps the National Public Service Portal's catalog, relative to the folder.</summary>
    public const string BundledCatalog = "portal/catalog.jsonl.gz";

    // Beside the catalog: the crawl's full records, its log (the crawl's date) and the portal's list of provinces.
    private const string RecordsFile = "records.jsonl.gz";
    private const string ManifestFile = "manifest.json";
    private const string ProvincesFile = "provinces.json";

    /// <param name="root">The knowledge folder.</param>
    /// <param name="clock">Today, for the rule that nothing was verified in the future.</param>
    /// <param name="catalogPath">
    /// Optional: the National Public Service Portal catalog (JSON lines, or gzip), so the bot knows every procedure by
    /// name and code. The crawl's full records (<c>records.jsonl.gz</c>), log (<c>manifest.json</c>) and provinces
    /// (<c>provinces.json</c>) are read from beside it when there.
    /// </param>
    public static KnowledgeBase Load(string root, TimeProvider clock, string? catalogPath = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var problems = new List<KnowledgeProblem>();
        var documents = new List<KnowledgeDocument>();

        if (!Directory.Exists(Path.Combine(root, ProceduresFolder)))
        {
            problems.Add(new KnowledgeProblem(ProceduresFolder, 0, $"folder not found under {Path.GetFullPath(root)}"));
            return new KnowledgeBase(documents, problems, now);
        }

        // The national lists and the catalog are read on a second core while this one parses the documents (most of a
        // cold start); each keeps its own problems, added below where they were found before.
        var unitsRead = Task.Run(() => Collect(problems => UnitsLoader.Load(root, problems)));
        var catalogRead = catalogPath is null ? null : Task.Run(() => Collect(problems => WithAliases(LoadCatalog(catalogPath, problems), root, problems)));

        var seen = new Dictionary<(string, string), string>();
        void Add(KnowledgeDocument document, string file, string relative, string expectedName)
        {
            if (!string.Equals(Path.GetFileName(file), expectedName, StringComparison.Ordinal))
            {
                problems.Add(new KnowledgeProblem(relative, 1, $"the file name must be {expectedName} to match its front matter"));
            }
            else if (seen.TryGetValue((document.Key, document.Language), out var first))
            {
                problems.Add(new KnowledgeProblem(relative, 1, $"{document.Key} in language {document.Language} is already defined in {first}"));
            }
            else
            {
                seen[(document.Key, document.Language)] = relative;
                documents.Add(document);
            }
        }

        foreach (var (file, relative, text) in ReadFolder(root, ProceduresFolder, ".md", problems))
        {
            var result = ProcedureParser.Parse(text, relative, today);
            problems.AddRange(result.Problems);
            if (result.Document is { } procedure)
            {
                Add(procedure, file, relative, $"{procedure.Code}.{procedure.Language}.md");
            }
        }
        foreach (var (file, relative, text) in ReadFolder(root, HelpFolder, ".md", problems))
        {
            var result = HelpTopicParser.Parse(text, relative, today);
            problems.AddRange(result.Problems);
            if (result.Document is { } topic)
            {
                Add(topic, file, relative, $"{topic.Id}.{topic.Language}.md");
            }
        }

        var glossaries = new List<Glossary>();
        foreach (var (file, relative, text) in ReadFolder(root, GlossaryFolder, ".md", problems))
        {
            var (glossary, glossaryProblems) = GlossaryParser.Parse(text, relative, today);
            problems.AddRange(glossaryProblems);
            if (glossary is null)
            {
                continue;
            }
            if (!string.Equals(Path.GetFileName(file), $"{glossary.Language}.md", StringComparison.Ordinal))
            {
                problems.Add(new KnowledgeProblem(relative, 1, $"the file name must be {glossary.Language}.md to match its lang"));
                continue;
            }
            glossaries.Add(glossary);
        }

        var ((listed, formers), unitProblems) = unitsRead.GetAwaiter().GetResult();
        problems.AddRange(unitProblems);
        var centers = new List<AdministrativeUnit>();
        foreach (var (_, relative, text) in ReadFolder(root, CentersFolder, ".csv", problems))
        {
            var (parsed, centerProblems) = CentersParser.Parse(text, relative);
            problems.AddRange(centerProblems);
            centers.AddRange(parsed);
        }
        var units = UnitsLoader.WithCenters(listed, centers, problems);

        IReadOnlyList<CatalogProcedure> catalog = [];
        if (catalogRead is not null)
        {
            (catalog, var catalogProblems) = catalogRead.GetAwaiter().GetResult();
            problems.AddRange(catalogProblems);
        }
        var examples = new List<ExampleQuestion>();
        var keys = documents.Select(d => d.Key).Concat(catalog.Select(c => c.Key)).ToHashSet(StringComparer.Ordinal);
        HashSet<string>? aliasCodes = null;
        foreach (var (_, relative, text) in ReadFolder(root, ExamplesFolder, ".tsv", problems))
        {
            var (parsed, exampleProblems) = ExamplesParser.Parse(text, relative);
            problems.AddRange(exampleProblems);
            foreach (var example in parsed)
            {
                if (example.Expected == ExampleQuestion.None || keys.Contains(example.Expected))
                {
                    examples.Add(example);
                }
                else if (catalogPath is null && (aliasCodes ??= CatalogAliasCodes(root)).Contains(example.Expected))
                {
                    // A procedure only the national catalog knows (one we name in catalog/aliases.tsv): without the
                    // catalog nothing answers it.
                    examples.Add(example with { Expected = ExampleQuestion.None });
                }
                else
                {
                    problems.Add(new KnowledgeProblem(relative, example.Line, $"{example.Expected} is not a document of this knowledge base (a procedure code, help/ID, or {ExampleQuestion.None})"));
                }
            }
        }

        // Cross-document problems are reported, but the documents stay served: each is valid on its own.
        problems.AddRange(KnowledgeChecks.Run(documents, glossaries, root));
        var provinces = catalogPath is null ? [] : ReadProvinces(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(catalogPath))!, ProvincesFile), problems);
        return new KnowledgeBase(documents, problems, now, glossaries, units, catalog, examples, provinces, formers);
    }

    private static (T Result, List<KnowledgeProblem> Problems) Collect<T>(Func<List<KnowledgeProblem>, T> read)
    {
        var problems = new List<KnowledgeProblem>();
        return (read(problems), problems);
    }

    /// <summary>
    /// The catalog with the names citizens use for some of its procedures ("hộ chiếu", "bằng lái", "passport"), from
    /// <see cref="CatalogAliasesFile"/>: a header row <c>code	aliases</c>, then one procedure a line.
    /// </summary>
    private static IReadOnlyList<CatalogProcedure> WithAliases(IReadOnlyList<CatalogProcedure> catalog, string root, List<KnowledgeProblem> problems)
    {
        var path = Path.Combine(root, CatalogAliasesFile);
        if (!File.Exists(path) || ReadText(path, CatalogAliasesFile, problems) is not { } text)
        {
            return catalog;
        }
        var codes = catalog.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        var aliases = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        if (lines[0].TrimEnd('\r') != "code\taliases")
        {
            problems.Add(new KnowledgeProblem(CatalogAliasesFile, 1, "the header must be exactly: code<TAB>aliases"));
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
                problems.Add(new KnowledgeProblem(CatalogAliasesFile, i + 1, fields.Length != 2
                    ? "a line needs a code and its aliases, separated by a tab"
                    : aliases.ContainsKey(fields[0]) ? $"{fields[0]} appears twice" : $"{fields[0]} is not a procedure of the catalog"));
                continue;
            }
            aliases[fields[0]] = [.. fields[1].Split(';').Select(a => Text.VietnameseText.Normalized(a.Trim(), NormalizationForm.FormC)).Where(a => a.Length > 0)];
        }
        return [.. catalog.Select(c => aliases.TryGetValue(c.Code, out var names) ? c with { Aliases = names } : c)];
    }

    /// <summary>The codes <see cref="CatalogAliasesFile"/> names (its first column), read without the catalog.</summary>
    private static HashSet<string> CatalogAliasCodes(string root)
    {
        var path = Path.Combine(root, CatalogAliasesFile);
        return File.Exists(path) && new FileInfo(path).Length <= MaxFileBytes
            ? File.ReadLines(path, Encoding.UTF8).Skip(1).Select(l => l.Split('\t')[0]).Where(c => c.Length > 0).ToHashSet(StringComparer.Ordinal)
            : [];
    }

    /// <summary>The portal's list of provinces (<c>{"data":{"rows":[{"name":"Tỉnh Cao Bằng"}]}}</c>) as short names.</summary>
    private static IReadOnlyList<string> ReadProvinces(string path, List<KnowledgeProblem> problems)
    {
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

    private static IReadOnlyList<CatalogProcedure> LoadCatalog(string path, List<KnowledgeProblem> problems)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            problems.Add(new KnowledgeProblem(name, 0, $"catalog file not found: {Path.GetFullPath(path)}"));
            return [];
        }
        var info = new FileInfo(path);
        if (info.Length > MaxCatalogBytes)
        {
            problems.Add(new KnowledgeProblem(name, 0, $"is {info.Length} bytes; a catalog may be at most {MaxCatalogBytes} bytes"));
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

    private static IEnumerable<(string File, string Relative, string Text)> ReadFolder(string root, string folder, string extension, List<KnowledgeProblem> problems)
    {
        var path = Path.Combine(root, folder);
        if (!Directory.Exists(path))
        {
            yield break;
        }
        foreach (var file in Files(path, root, extension, problems).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (ReadText(file, relative, problems) is { } text)
            {
                yield return (file, relative, text);
            }
        }
    }

    /// <summary>Files under the folder. Symbolic links are reported and not followed, so a link loop cannot hang the loader.</summary>
    private static List<string> Files(string folder, string root, string extension, List<KnowledgeProblem> problems)
    {
        var files = new List<string>();
        var pending = new Stack<string>([folder]);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
            {
                var relative = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
                if (entry.LinkTarget is not null)
                {
                    problems.Add(new KnowledgeProblem(relative, 0, "is a symbolic link; links are not followed, copy the file here instead"));
                }
                else if (entry is DirectoryInfo)
                {
                    pending.Push(entry.FullName);
                }
                else if (entry.Name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                {
                    files.Add(entry.FullName);
                }
            }
        }
        return files;
    }

    /// <summary>The file as text: at most <see cref="MaxFileBytes"/>, valid UTF-8, byte-order mark removed.</summary>
    private static string? ReadText(string file, string relative, List<KnowledgeProblem> problems)
    {
        var length = new FileInfo(file).Length;
        if (length > MaxFileBytes)
        {
            problems.Add(new KnowledgeProblem(relative, 0, $"is {length} bytes; a knowledge file may be at most {MaxFileBytes} bytes"));
            return null;
        }
        var bytes = File.ReadAllBytes(file);
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            problems.Add(new KnowledgeProblem(relative, FirstInvalidLine(bytes), "is not valid UTF-8 text; save it as UTF-8"));
            return null;
        }
        var text = Encoding.UTF8.GetString(bytes);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    private static int FirstInvalidLine(byte[] bytes)
    {
        var line = 1;
        var rest = bytes.AsSpan();
        while (true)
        {
            var end = rest.IndexOf((byte)'\n');
            var current = end < 0 ? rest : rest[..end];
            if (!System.Text.Unicode.Utf8.IsValid(current) || end < 0)
            {
                return line;
            }
            rest = rest[(end + 1)..];
            line++;
        }
    }
}

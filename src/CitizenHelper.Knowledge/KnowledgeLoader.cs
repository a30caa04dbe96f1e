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

    /// <summary>Larger files are refused: no document needs more, and a huge file must not stall a reload.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>The national catalog may be large; its lines are small.</summary>
    public const int MaxCatalogBytes = 64 * 1024 * 1024;

    /// <param name="root">The knowledge folder.</param>
    /// <param name="clock">Today, for the rule that nothing was verified in the future.</param>
    /// <param name="catalogPath">Optional: the National Public Service Portal catalog (JSON lines), so the bot knows every procedure by name and code.</param>
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

        var (listed, formers) = UnitsLoader.Load(root, problems);
        var centers = new List<AdministrativeUnit>();
        foreach (var (_, relative, text) in ReadFolder(root, CentersFolder, ".csv", problems))
        {
            var (parsed, unitProblems) = CentersParser.Parse(text, relative);
            problems.AddRange(unitProblems);
            centers.AddRange(parsed);
        }
        var units = UnitsLoader.WithCenters(listed, centers, problems);

        var examples = new List<ExampleQuestion>();
        var keys = documents.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
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
                else
                {
                    problems.Add(new KnowledgeProblem(relative, example.Line, $"{example.Expected} is not a document of this knowledge base (a procedure code, help/ID, or {ExampleQuestion.None})"));
                }
            }
        }

        // Cross-document problems are reported, but the documents stay served: each is valid on its own.
        problems.AddRange(KnowledgeChecks.Run(documents, glossaries, root));
        var catalog = catalogPath is null ? [] : LoadCatalog(catalogPath, problems);
        return new KnowledgeBase(documents, problems, now, glossaries, units, catalog, examples, formers);
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
        var (entries, catalogProblems) = PortalCatalogParser.Parse(reader, name, DateOnly.FromDateTime(info.LastWriteTimeUtc));
        problems.AddRange(catalogProblems);
        return entries;
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

using CitizenHelper.Knowledge.Parsing;
using CitizenHelper.Knowledge.Units;

namespace CitizenHelper.Knowledge;

/// <summary>
/// Loads every file of a knowledge folder, checks them together, and builds a <see cref="KnowledgeBase"/>. The files are
/// read by <see cref="KnowledgeFiles"/>, the national catalog beside them by <see cref="CatalogLoader"/>.
/// </summary>
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
        var catalogRead = catalogPath is null ? null : Task.Run(() => Collect(problems => CatalogLoader.WithAliases(CatalogLoader.Load(catalogPath, problems), root, problems)));

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

        foreach (var (file, relative, text) in KnowledgeFiles.ReadFolder(root, ProceduresFolder, ".md", problems))
        {
            var result = ProcedureParser.Parse(text, relative, today);
            problems.AddRange(result.Problems);
            if (result.Document is { } procedure)
            {
                Add(procedure, file, relative, $"{procedure.Code}.{procedure.Language}.md");
            }
        }
        foreach (var (file, relative, text) in KnowledgeFiles.ReadFolder(root, HelpFolder, ".md", problems))
        {
            var result = HelpTopicParser.Parse(text, relative, today);
            problems.AddRange(result.Problems);
            if (result.Document is { } topic)
            {
                Add(topic, file, relative, $"{topic.Id}.{topic.Language}.md");
            }
        }

        var glossaries = new List<Glossary>();
        foreach (var (file, relative, text) in KnowledgeFiles.ReadFolder(root, GlossaryFolder, ".md", problems))
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
        foreach (var (_, relative, text) in KnowledgeFiles.ReadFolder(root, CentersFolder, ".csv", problems))
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
        foreach (var (_, relative, text) in KnowledgeFiles.ReadFolder(root, ExamplesFolder, ".tsv", problems))
        {
            var (parsed, exampleProblems) = ExamplesParser.Parse(text, relative);
            problems.AddRange(exampleProblems);
            foreach (var example in parsed)
            {
                if (example.Expected == ExampleQuestion.None || keys.Contains(example.Expected))
                {
                    examples.Add(example);
                }
                else if (catalogPath is null && (aliasCodes ??= CatalogLoader.AliasCodes(root)).Contains(example.Expected))
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
        var provinces = catalogPath is null ? [] : CatalogLoader.Provinces(catalogPath, problems);
        return new KnowledgeBase(documents, problems, now, glossaries, units, catalog, examples, provinces, formers);
    }

    private static (T Result, List<KnowledgeProblem> Problems) Collect<T>(Func<List<KnowledgeProblem>, T> read)
    {
        var problems = new List<KnowledgeProblem>();
        return (read(problems), problems);
    }
}

namespace CitizenHelper.Knowledge.Import;

/// <summary>
/// Writes the documents of every commune-level record in the bundled portal records (<c>portal/records.jsonl.gz</c>),
/// in Vietnamese and English, with the additions of <c>portal/additions/*.tsv</c>. A procedure with a document written
/// by hand keeps it (<c>kb check</c> compares it with its record instead); a generated document is rewritten.
/// </summary>
public static class PortalGeneration
{
    public const string PortalFolder = "portal";
    public const string RecordsFile = "records.jsonl.gz";
    public const string AdditionsFolder = "additions";
    public static readonly string[] Languages = ["vi", "en"];

    public static string RecordsPath(string knowledgeRoot) => Path.Combine(knowledgeRoot, PortalFolder, RecordsFile);

    public static string AdditionsPath(string knowledgeRoot) => Path.Combine(knowledgeRoot, PortalFolder, AdditionsFolder);

    /// <summary>Generates the documents; returns what it did and every problem (a record that cannot be used is skipped).</summary>
    public static IReadOnlyList<ImportFinding> Run(string knowledgeRoot, DateOnly today)
    {
        var findings = new List<ImportFinding>();
        var (additions, problems) = PortalAdditions.Load(AdditionsPath(knowledgeRoot));
        findings.AddRange(problems.Select(p => new ImportFinding($"{PortalFolder}/{AdditionsFolder}/{p.File}:{p.Line}", p.Message)));
        var procedures = Path.Combine(knowledgeRoot, KnowledgeLoader.ProceduresFolder);
        Directory.CreateDirectory(procedures);
        foreach (var entry in PortalRecordSource.Read(RecordsPath(knowledgeRoot)))
        {
            if (entry.Record is not { CommuneLevel: true } record)
            {
                if (entry.Problem is { } problem)
                {
                    findings.Add(new ImportFinding(entry.Source, problem));
                }
                continue;
            }
            if (MissingFact(record) is { } missing)
            {
                findings.Add(new ImportFinding(entry.Source, $"{record.Code}: the record has no {missing}; no document written"));
                continue;
            }
            if (HandWritten(procedures, record.Code, today))
            {
                continue;
            }
            if (!additions.ContainsKey(record.Code))
            {
                findings.Add(new ImportFinding(record.Code, "no additions row (everyday names, English title): the document has only the record's name"));
            }
            foreach (var language in Languages)
            {
                var path = Path.Combine(procedures, $"{record.Code}.{language}.md");
                var markdown = PortalDocuments.Render(record, additions.GetValueOrDefault(record.Code), language);
                if (!File.Exists(path) || File.ReadAllText(path) != markdown)
                {
                    File.WriteAllText(path, markdown);
                    findings.Add(new ImportFinding(record.Code, $"wrote {KnowledgeLoader.ProceduresFolder}/{record.Code}.{language}.md"));
                }
            }
        }
        return findings;
    }

    /// <summary>The first fact a document cannot do without that the record lacks, if any.</summary>
    public static string? MissingFact(PortalRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Name.Length == 0 ? "name"
            : record.Steps.Count == 0 && record.Methods.Count == 0 ? "steps or submission methods (executionSteps, executionMethods)"
            : null;
    }

    /// <summary>True when the procedure has a Vietnamese document that was not generated from a record.</summary>
    public static bool HandWritten(string proceduresFolder, string code, DateOnly today)
    {
        var path = Path.Combine(proceduresFolder, $"{code}.vi.md");
        if (!File.Exists(path))
        {
            return false;
        }
        var parsed = Parsing.ProcedureParser.Parse(File.ReadAllText(path), path, today).Document;
        return parsed is null ? !File.ReadAllText(path).Contains($"\n{PortalDocuments.RecordDateKey}:", StringComparison.Ordinal) : parsed.RecordUpdated is null;
    }
}

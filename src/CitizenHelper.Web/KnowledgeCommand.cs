using CitizenHelper.Knowledge;
using CitizenHelper.Knowledge.Import;

namespace CitizenHelper.Web;

/// <summary>
/// Knowledge-base commands, run as <c>dotnet run --project src/CitizenHelper.Web -- kb …</c>:
/// <list type="bullet">
/// <item><c>kb check [folder]</c>: loads a knowledge folder the way the service does and prints every problem as
/// file:line: message. Exit 0 when clean, 1 when not.</item>
/// <item><c>kb generate [folder]</c>: writes the documents of the bundled commune-level portal records (Vietnamese and
/// English) with the additions people wrote; documents written by hand are left alone.</item>
/// <item><c>kb import-portal &lt;records&gt; [folder] [--partial]</c>: compares a newer crawl of National Public Service
/// Portal records with the bundled ones and writes a change report to <c>portal/pending/</c> for the staff console;
/// it changes no document. Records that cannot be used are printed as file:line: field: why.</item>
/// </list>
/// Exit 2 on bad usage.
/// </summary>
public static class KnowledgeCommand
{
    private const string Usage = """
        usage:
          kb check [knowledge-folder]                          (default: knowledge)
          kb import-portal <records> [knowledge-folder] [--partial]
                                                       (records: a folder of CODE.json, or .jsonl[.gz]; --partial: a crawl
                                                        of only some records, codes it lacks are not reported as removed)
          kb generate [knowledge-folder]                       (documents of the bundled commune-level records)
        """;

    public static bool Handles(string[] args) => args.Length > 0 && args[0] == "kb";

    public static int Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        return args switch
        {
            [_, "check"] => Check("knowledge", output),
            [_, "check", var root] => Check(root, output),
            [_, "import-portal", var records] => Import(records, "knowledge", partial: false, output),
            [_, "import-portal", var records, "--partial"] => Import(records, "knowledge", partial: true, output),
            [_, "import-portal", var records, var root] => Import(records, root, partial: false, output),
            [_, "import-portal", var records, var root, "--partial"] => Import(records, root, partial: true, output),
            [_, "generate"] => Generate("knowledge", output),
            [_, "generate", var root] => Generate(root, output),
            _ => Fail(output),
        };
    }

    private static int Fail(TextWriter output)
    {
        output.WriteLine(Usage);
        return 2;
    }

    private static int Check(string root, TextWriter output)
    {
        // `dotnet run --project` runs in the project folder: "knowledge" is found above it, as the service finds it.
        root = Extensions.ServiceExtensions.ResolveFolder(root, Directory.GetCurrentDirectory());
        if (!Directory.Exists(root))
        {
            output.WriteLine($"{root}: folder not found");
            return 1;
        }
        var knowledge = KnowledgeLoader.Load(root, TimeProvider.System);
        var problems = knowledge.Problems.Where(p => !p.InSource).ToList();
        foreach (var problem in knowledge.Problems)
        {
            output.WriteLine(problem.InSource ? $"note: portal record skipped: {problem}" : problem.ToString());
        }
        // A hand-written document and the record it describes: a fee or a time apart fails the check; a legal
        // document the record cites and the document does not is printed for the editor to weigh.
        var differences = PortalChecks.HandWrittenAgainstRecords(knowledge, PortalGeneration.RecordsPath(root));
        foreach (var difference in differences)
        {
            output.WriteLine($"{difference.Path}: {(difference.Blocking ? "" : "note: ")}differs from portal record {difference.Code} of {difference.RecordDate:dd/MM/yyyy}: {difference.Message}");
        }
        output.WriteLine(
            $"{knowledge.Codes.Count()} procedures ({knowledge.Procedures.Count} files), " +
            $"{knowledge.HelpTopics.Select(h => h.Id).Distinct().Count()} help topics ({knowledge.HelpTopics.Count} files), " +
            $"{knowledge.Glossaries.Sum(g => g.Terms.Count)} glossary terms in {knowledge.Glossaries.Count} languages, " +
            $"{knowledge.Units.Count} administrative units ({knowledge.FormerUnits.Count} former units mapped to them), {problems.Count} problems, " +
            $"{differences.Count(d => d.Blocking)} disagreements and {differences.Count(d => !d.Blocking)} notes against the portal records");
        return problems.Count == 0 && !differences.Any(d => d.Blocking) ? 0 : 1;
    }

    private static int Generate(string root, TextWriter output)
    {
        root = Extensions.ServiceExtensions.ResolveFolder(root, Directory.GetCurrentDirectory());
        if (!File.Exists(PortalGeneration.RecordsPath(root)))
        {
            output.WriteLine($"{PortalGeneration.RecordsPath(root)}: not found");
            return 1;
        }
        var findings = PortalGeneration.Run(root, DateOnly.FromDateTime(DateTime.UtcNow));
        foreach (var finding in findings)
        {
            output.WriteLine($"{finding.Code}: {finding.Message}");
        }
        output.WriteLine($"{findings.Count(f => f.Message.StartsWith("wrote", StringComparison.Ordinal))} documents written");
        return 0;
    }

    private static int Import(string records, string root, bool partial, TextWriter output)
    {
        root = Extensions.ServiceExtensions.ResolveFolder(root, Directory.GetCurrentDirectory());
        records = Extensions.ServiceExtensions.ResolveFolder(records, Directory.GetCurrentDirectory());
        var recordsExist = Directory.Exists(records) || File.Exists(records);
        if (!recordsExist || !Directory.Exists(root))
        {
            output.WriteLine($"{(recordsExist ? root : records)}: not found");
            return 1;
        }
        var pending = new PortalPending(root);
        var report = pending.Import(records, partial, DateOnly.FromDateTime(DateTime.UtcNow));
        foreach (var problem in report.Problems)
        {
            output.WriteLine($"{problem.Source}: {(problem.Code is null ? "" : $"{problem.Code}: ")}{problem.Field}: {problem.Message}; not used");
        }
        foreach (var change in report.Changes)
        {
            output.WriteLine($"{change.Code}: {change.Kind}{(change.Fields.Count > 0 && change.Kind == PortalChange.Changed ? $" ({string.Join(", ", change.Fields.Select(f => f.Field))})" : "")}");
        }
        output.WriteLine($"{report.Summary}; nothing changed; report {report.Id} in {Path.Combine(pending.Path, PortalPending.ReportMarkdown)}, to approve in the staff console (Portal changes)");
        return 0;
    }
}

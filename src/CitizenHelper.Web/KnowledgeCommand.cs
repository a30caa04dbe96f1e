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
/// <item><c>kb import-portal &lt;records-folder&gt; [folder]</c>: reads National Public Service Portal records; writes
/// drafts for commune-level procedures we have no document for, and reports where existing documents differ.</item>
/// </list>
/// Exit 2 on bad usage.
/// </summary>
public static class KnowledgeCommand
{
    private const string Usage = """
        usage:
          kb check [knowledge-folder]                          (default: knowledge)
          kb import-portal <records-folder> [knowledge-folder]  (records: a folder of CODE.json, or .jsonl[.gz])
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
            [_, "import-portal", var records] => Import(records, "knowledge", output),
            [_, "import-portal", var records, var root] => Import(records, root, output),
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
        foreach (var problem in knowledge.Problems)
        {
            output.WriteLine(problem.ToString());
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
            $"{knowledge.Units.Count} administrative units ({knowledge.FormerUnits.Count} former units mapped to them), {knowledge.Problems.Count} problems, " +
            $"{differences.Count(d => d.Blocking)} disagreements and {differences.Count(d => !d.Blocking)} notes against the portal records");
        return knowledge.Problems.Count == 0 && !differences.Any(d => d.Blocking) ? 0 : 1;
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

    private static int Import(string records, string root, TextWriter output)
    {
        root = Extensions.ServiceExtensions.ResolveFolder(root, Directory.GetCurrentDirectory());
        records = Extensions.ServiceExtensions.ResolveFolder(records, Directory.GetCurrentDirectory());
        var recordsExist = Directory.Exists(records) || File.Exists(records);
        if (!recordsExist || !Directory.Exists(root))
        {
            output.WriteLine($"{(recordsExist ? root : records)}: not found");
            return 1;
        }
        var knowledge = KnowledgeLoader.Load(root, TimeProvider.System);
        var findings = PortalImporter.Run(records, knowledge, root);
        foreach (var finding in findings)
        {
            output.WriteLine($"{finding.Code}: {finding.Message}");
        }
        output.WriteLine($"{findings.Count(f => f.Message.StartsWith("draft", StringComparison.Ordinal))} drafts written to {Path.Combine(root, PortalImporter.DraftsFolder)}, " +
            $"{findings.Count(f => f.Message.StartsWith("portal", StringComparison.Ordinal))} differences in existing documents");
        return 0;
    }
}

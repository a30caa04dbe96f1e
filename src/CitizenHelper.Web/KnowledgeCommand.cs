using CitizenHelper.Knowledge;

namespace CitizenHelper.Web;

/// <summary>
/// <c>dotnet run --project src/CitizenHelper.Web -- kb check [path]</c>: loads a knowledge folder the way the
/// service does and prints every problem as file:line: message. Exit code 0 when clean, 1 when not, 2 on bad usage.
/// </summary>
public static class KnowledgeCommand
{
    public static bool Handles(string[] args) => args.Length > 0 && args[0] == "kb";

    public static int Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Length < 2 || args[1] != "check" || args.Length > 3)
        {
            output.WriteLine("usage: kb check [path-to-knowledge-folder]   (default: knowledge)");
            return 2;
        }
        var root = args.Length == 3 ? args[2] : "knowledge";
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
        output.WriteLine(
            $"{knowledge.Codes.Count()} procedures ({knowledge.Procedures.Count} files), " +
            $"{knowledge.HelpTopics.Select(h => h.Id).Distinct().Count()} help topics ({knowledge.HelpTopics.Count} files), " +
            $"{knowledge.Glossaries.Sum(g => g.Terms.Count)} glossary terms in {knowledge.Glossaries.Count} languages, " +
            $"{knowledge.Units.Count} administrative units, {knowledge.Problems.Count} problems");
        return knowledge.Problems.Count == 0 ? 0 : 1;
    }
}

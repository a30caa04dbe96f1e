using CitizenHelper.Knowledge.Parsing;

namespace CitizenHelper.Knowledge;

/// <summary>Loads every procedure document under a folder, checks them together, and builds a <see cref="KnowledgeBase"/>.</summary>
public static class KnowledgeLoader
{
    public const string ProceduresFolder = "procedures";

    public static KnowledgeBase Load(string root, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var problems = new List<KnowledgeProblem>();
        var procedures = new List<Procedure>();

        var folder = Path.Combine(root, ProceduresFolder);
        if (!Directory.Exists(folder))
        {
            problems.Add(new KnowledgeProblem(ProceduresFolder, 0, $"folder not found under {Path.GetFullPath(root)}"));
            return new KnowledgeBase(procedures, problems, now);
        }

        var seen = new Dictionary<(string, string), string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var result = ProcedureParser.Parse(File.ReadAllText(file), relative, today);
            problems.AddRange(result.Problems);
            if (result.Procedure is not { } procedure)
            {
                continue;
            }
            var expectedName = $"{procedure.Code}.{procedure.Language}.md";
            if (!string.Equals(Path.GetFileName(file), expectedName, StringComparison.Ordinal))
            {
                problems.Add(new KnowledgeProblem(relative, 1, $"the file name must be {expectedName} to match its code and lang"));
                continue;
            }
            if (seen.TryGetValue((procedure.Code, procedure.Language), out var first))
            {
                problems.Add(new KnowledgeProblem(relative, 1, $"code {procedure.Code} in language {procedure.Language} is already defined in {first}"));
                continue;
            }
            seen[(procedure.Code, procedure.Language)] = relative;
            procedures.Add(procedure);
        }

        // Cross-document problems are reported, but the documents stay served: each is valid on its own.
        problems.AddRange(KnowledgeChecks.Run(procedures, root));
        return new KnowledgeBase(procedures, problems, now);
    }
}

using System.Text;
using CitizenHelper.Knowledge.Parsing;

namespace CitizenHelper.Knowledge;

/// <summary>Loads every procedure document under a folder, checks them together, and builds a <see cref="KnowledgeBase"/>.</summary>
public static class KnowledgeLoader
{
    public const string ProceduresFolder = "procedures";

    /// <summary>Larger files are refused: no procedure needs more, and a huge file must not stall a reload.</summary>
    public const int MaxFileBytes = 1024 * 1024;


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
        foreach (var file in MarkdownFiles(folder, root, problems).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var text = ReadText(file, relative, problems);
            if (text is null)
            {
                continue;
            }
            var result = ProcedureParser.Parse(text, relative, today);
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

    /// <summary>Markdown files under the folder. Symbolic links are reported and not followed, so a link loop cannot hang the loader.</summary>
    private static List<string> MarkdownFiles(string folder, string root, List<KnowledgeProblem> problems)
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
                else if (entry.Name.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
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
            problems.Add(new KnowledgeProblem(relative, 0, $"is {length:N0} bytes; a knowledge file may be at most {MaxFileBytes:N0} bytes"));
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

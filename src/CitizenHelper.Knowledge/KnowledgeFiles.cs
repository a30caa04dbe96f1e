using System.Text;

namespace CitizenHelper.Knowledge;

/// <summary>Reading a knowledge folder's files safely: bounded in size, valid UTF-8, symbolic links not followed.</summary>
internal static class KnowledgeFiles
{
    /// <summary>The readable files of one folder of the knowledge folder, in order; the others are reported.</summary>
    public static IEnumerable<(string File, string Relative, string Text)> ReadFolder(string root, string folder, string extension, List<KnowledgeProblem> problems)
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

    /// <summary>The file as text: at most <see cref="KnowledgeLoader.MaxFileBytes"/>, valid UTF-8, byte-order mark removed.</summary>
    public static string? ReadText(string file, string relative, List<KnowledgeProblem> problems)
    {
        var length = new FileInfo(file).Length;
        if (length > KnowledgeLoader.MaxFileBytes)
        {
            problems.Add(new KnowledgeProblem(relative, 0, $"is {length} bytes; a knowledge file may be at most {KnowledgeLoader.MaxFileBytes} bytes"));
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

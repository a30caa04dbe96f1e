using System.Text;
using System.Text.RegularExpressions;
using CitizenHelper.Answering;
using CitizenHelper.Knowledge;
using CitizenHelper.Storage;

namespace CitizenHelper.Staff;

/// <summary>
/// Grows the knowledge base from staff replies: a draft is a whole proposed file (a question and answer added to a
/// procedure's notes, or a corrected file), checked with the knowledge loader when drafted and again when an
/// administrator approves it; only then is the file written, atomically, and the knowledge base reloaded.
/// </summary>
public sealed partial class KnowledgeDrafting(KnowledgeProvider knowledge, KnowledgeDraftStore drafts, TimeProvider clock, ILogger<KnowledgeDrafting> logger) : IDisposable
{
    public const int MaxDocumentChars = 100_000;
    public const int MaxFaqChars = 2_000;
    private const int MaxDiffLines = 1_000;
    private readonly SemaphoreSlim _writing = new(1, 1);

    public void Dispose() => _writing.Dispose();

    [GeneratedRegex(@"^(?:procedures/\d\.\d{6}|help/[a-z0-9]+(?:-[a-z0-9]+)*)\.(?:vi|en)\.md$")]
    private static partial Regex DocumentPath();

    /// <summary>Only a procedure or help document of the knowledge folder: no other file, no path outside it.</summary>
    public static bool IsDocumentPath(string? path) => path is { Length: < 120 } && DocumentPath().IsMatch(path);

    /// <summary>The documents staff may draft for, as relative paths.</summary>
    public IEnumerable<(string Path, string Title)> Documents() =>
        knowledge.Current.Base.Documents
            .Where(d => d is Procedure or HelpTopic)
            .Select(d => (d.SourcePath.Replace('\\', '/'), $"{d.Key} ({d.Language}) — {d.Title}"))
            .Where(d => IsDocumentPath(d.Item1))
            .OrderBy(d => d.Item1, StringComparer.Ordinal);

    /// <summary>The file's text now, or empty when it does not exist.</summary>
    public string CurrentText(string path)
    {
        var file = FullPath(path);
        return File.Exists(file) ? File.ReadAllText(file, Encoding.UTF8) : "";
    }

    /// <summary>The document with a question and answer added to its notes section (made when missing).</summary>
    public static string AddFaq(string markdown, string language, string question, string answer)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var item = $"- **{OneLine(question)}** {OneLine(answer)}";
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n').ToList();
        var notes = lines.FindIndex(l => l.StartsWith("## ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("{#notes}", StringComparison.Ordinal));
        if (notes < 0)
        {
            lines.AddRange(["", language == "en" ? "## Notes {#notes}" : "## Ghi chú {#notes}", "", item]);
        }
        else
        {
            var end = lines.FindIndex(notes + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
            var at = end < 0 ? lines.Count : end;
            while (at > notes + 1 && lines[at - 1].Length == 0)
            {
                at--;
            }
            lines.Insert(at, item);
        }
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>The question and answer of a line <see cref="AddFaq"/> wrote (<c>- **question** answer</c>); null for another line.</summary>
    public static (string Question, string Answer)? FaqItem(string line)
    {
        var match = FaqLine().Match(line ?? "");
        return match.Success ? (match.Groups[1].Value, match.Groups[2].Value) : null;
    }

    [GeneratedRegex(@"^- \*\*(.+?)\*\* (.+)$")]
    private static partial Regex FaqLine();

    private static string OneLine(string text) => string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    /// <summary>Checks and keeps a draft; the problems when the proposed file would not load.</summary>
    public async Task<(KnowledgeDraft? Draft, IReadOnlyList<string> Problems)> DraftAsync(
        string? reference, string path, string kind, string original, string proposed, string actor, CancellationToken cancellationToken)
    {
        if (!IsDocumentPath(path))
        {
            return (null, ["The document must be procedures/CODE.LANG.md or help/ID.LANG.md of the knowledge folder."]);
        }
        if (proposed.Length is 0 or > MaxDocumentChars)
        {
            return (null, [$"The document must have 1 to {MaxDocumentChars} characters."]);
        }
        if (proposed.Replace("\r\n", "\n", StringComparison.Ordinal) == original.Replace("\r\n", "\n", StringComparison.Ordinal))
        {
            return (null, ["The draft changes nothing."]);
        }
        var problems = Check(path, proposed);
        if (problems.Count > 0)
        {
            return (null, problems);
        }
        var draft = await drafts.AddAsync(new KnowledgeDraft
        {
            EscalationReference = reference,
            Path = path,
            Kind = kind,
            Original = original,
            Proposed = proposed.Replace("\r\n", "\n", StringComparison.Ordinal),
            DraftedBy = actor,
        }, cancellationToken).ConfigureAwait(false);
        return (draft, []);
    }

    /// <summary>
    /// Writes an approved draft and reloads the knowledge base. Refused, and the draft rejected with the reasons,
    /// when the file changed since it was drafted or the result would not pass the knowledge checks.
    /// </summary>
    public async Task<(KnowledgeDraft? Draft, IReadOnlyList<string> Problems)> ApproveAsync(long id, string reviewer, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var draft = await drafts.FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (draft is null || draft.Status != DraftStatus.Pending)
            {
                return (null, ["No pending draft with that number."]);
            }
            var problems = new List<string>();
            if (!IsDocumentPath(draft.Path))
            {
                problems.Add("The draft's path is not a knowledge document.");
            }
            else if (CurrentText(draft.Path).Replace("\r\n", "\n", StringComparison.Ordinal) != draft.Original.Replace("\r\n", "\n", StringComparison.Ordinal))
            {
                problems.Add($"{draft.Path} was changed since this draft was made; draft it again from the current file.");
            }
            else
            {
                problems.AddRange(Check(draft.Path, draft.Proposed));
            }
            if (problems.Count > 0)
            {
                var rejected = await drafts.ReviewAsync(id, reviewer, DraftStatus.Rejected, string.Join("\n", problems), cancellationToken).ConfigureAwait(false);
                return (rejected, problems);
            }
            var file = FullPath(draft.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temporary = Path.Combine(Path.GetDirectoryName(file)!, $".{Path.GetFileName(file)}.{Guid.NewGuid():N}.tmp");
            await File.WriteAllTextAsync(temporary, draft.Proposed, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            File.Move(temporary, file, overwrite: true);
            var approved = await drafts.ReviewAsync(id, reviewer, DraftStatus.Approved, null, cancellationToken).ConfigureAwait(false);
            // Served now, without waiting for the file watcher.
            knowledge.Reload();
            logger.LogInformation("Knowledge draft {Id} approved by {Reviewer}: wrote {Path}", id, reviewer, draft.Path);
            return (approved, []);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>
    /// Writes whole documents at once (a procedure's Vietnamese and English pair regenerated from a newer portal record),
    /// each atomically, after checking that the knowledge base with them passes the loader's checks; then reloads.
    /// <paramref name="afterWriting"/> runs inside the same lock, after the files are written and before the reload.
    /// Nothing is written when there are problems.
    /// </summary>
    public async Task<IReadOnlyList<string>> WriteDocumentsAsync(IReadOnlyDictionary<string, string> documents, Action? afterWriting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (documents.Keys.FirstOrDefault(p => !IsDocumentPath(p)) is { } wrong)
            {
                return [$"{wrong} is not a knowledge document."];
            }
            var problems = Check(documents);
            if (problems.Count > 0)
            {
                return problems;
            }
            foreach (var (path, text) in documents)
            {
                var file = FullPath(path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                var temporary = Path.Combine(Path.GetDirectoryName(file)!, $".{Path.GetFileName(file)}.{Guid.NewGuid():N}.tmp");
                await File.WriteAllTextAsync(temporary, text, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
                File.Move(temporary, file, overwrite: true);
            }
            afterWriting?.Invoke();
            knowledge.Reload();
            return [];
        }
        finally
        {
            _writing.Release();
        }
    }

    public Task<KnowledgeDraft?> RejectAsync(long id, string reviewer, string? note, CancellationToken cancellationToken) =>
        drafts.ReviewAsync(id, reviewer, DraftStatus.Rejected, note is { Length: > 0 } ? note[..Math.Min(note.Length, 2000)] : null, cancellationToken);

    /// <summary>
    /// Loads a copy of the knowledge folder with the file replaced: the problems it would add (of that file, or
    /// between documents), and a problem when the file would not be served.
    /// </summary>
    private List<string> Check(string path, string proposed) => Check(new Dictionary<string, string> { [path] = proposed });

    private List<string> Check(IReadOnlyDictionary<string, string> documents)
    {
        var copy = Directory.CreateTempSubdirectory("citizenhelper-draft-").FullName;
        try
        {
            foreach (var folder in new[] { KnowledgeLoader.ProceduresFolder, KnowledgeLoader.HelpFolder, KnowledgeLoader.GlossaryFolder, KnowledgeLoader.CentersFolder })
            {
                var source = Path.Combine(knowledge.Root, folder);
                if (Directory.Exists(source))
                {
                    CopyFolder(source, Path.Combine(copy, folder));
                }
            }
            foreach (var (path, proposed) in documents)
            {
                var target = Path.Combine(copy, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, proposed, new UTF8Encoding(false));
            }
            var baseline = KnowledgeLoader.Load(knowledge.Root, clock).Problems.Select(p => p.ToString()).ToHashSet(StringComparer.Ordinal);
            var loaded = KnowledgeLoader.Load(copy, clock);
            var problems = loaded.Problems.Select(p => p.ToString()).Where(p => !baseline.Contains(p)).ToList();
            foreach (var path in documents.Keys)
            {
                if (problems.Count == 0 && !loaded.Documents.Any(d => d.SourcePath.Replace('\\', '/') == path))
                {
                    problems.Add($"{path} would not be served.");
                }
            }
            return problems;
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        foreach (var folder in Directory.EnumerateDirectories(source))
        {
            if (!new DirectoryInfo(folder).Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                CopyFolder(folder, Path.Combine(target, Path.GetFileName(folder)));
            }
        }
    }

    private string FullPath(string path)
    {
        if (!IsDocumentPath(path))
        {
            throw new ArgumentException("Not a knowledge document path.", nameof(path));
        }
        return Path.Combine(knowledge.Root, path);
    }
}

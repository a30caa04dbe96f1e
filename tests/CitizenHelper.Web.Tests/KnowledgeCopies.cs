using System.Text.RegularExpressions;
using CitizenHelper.Knowledge;
using CitizenHelper.Tests;

namespace CitizenHelper.Web.Tests;

/// <summary>
/// Copies of the bundled knowledge base for tests that write into it (approved drafts, portal changes, reloads).
/// Any change retrains the question classifier, which at the bundled size takes tens of seconds on this machine; the
/// small copy keeps the procedures the hand-written questions are about (examples/questions.tsv), their examples, and
/// everything else as bundled (the national catalog, units, help, languages), and trains in a second or two.
/// </summary>
internal static partial class KnowledgeCopies
{
    private const string ProceduresFolder = "procedures";

    /// <summary>
    /// The bundled knowledge base with only the procedures examples/questions.tsv asks about and <paramref name="alsoCodes"/>,
    /// and only the example questions for those (or for no procedure, or a help page); folders <paramref name="skip"/>
    /// names (paths relative to the knowledge folder) are left out.
    /// </summary>
    public static void Small(string to, IEnumerable<string> alsoCodes, params string[] skip)
    {
        var root = RepositoryPaths.Knowledge();
        var codes = File.ReadLines(Path.Combine(root, KnowledgeLoader.ExamplesFolder, "questions.tsv"))
            .Select(line => line.Split('\t'))
            .Where(cells => cells.Length > 2 && ProcedureCode().IsMatch(cells[2]))
            .Select(cells => cells[2])
            .Concat(alsoCodes)
            .ToHashSet(StringComparer.Ordinal);
        CopyFolder(root, to, "", skip, keepDocument: name => codes.Contains(name.Split('.')[0] + "." + name.Split('.')[1]));
        foreach (var examples in Directory.GetFiles(Path.Combine(to, KnowledgeLoader.ExamplesFolder), "*.tsv"))
        {
            var kept = File.ReadLines(examples)
                .Where((line, i) => i == 0 || line.Split('\t') is var cells && (cells.Length < 3 || !ProcedureCode().IsMatch(cells[2]) || codes.Contains(cells[2])))
                .ToList();
            File.WriteAllLines(examples, kept);
        }
    }

    private static void CopyFolder(string from, string to, string relative, string[] skip, Func<string, bool> keepDocument)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            if (relative != ProceduresFolder || keepDocument(Path.GetFileName(file)))
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            }
        }
        foreach (var folder in Directory.GetDirectories(from))
        {
            var name = relative.Length == 0 ? Path.GetFileName(folder) : relative + "/" + Path.GetFileName(folder);
            if (!skip.Contains(name, StringComparer.Ordinal))
            {
                CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)), name, skip, keepDocument);
            }
        }
    }

    [GeneratedRegex(@"^\d\.\d{6}$")]
    private static partial Regex ProcedureCode();
}

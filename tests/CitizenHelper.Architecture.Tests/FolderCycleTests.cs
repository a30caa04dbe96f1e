using System.Reflection;

namespace CitizenHelper.Architecture.Tests;

/// <summary>
/// Inside each project of src/, its folders (one namespace each, a subfolder counted with its folder) use one another
/// in one direction only: no two folders use each other, directly or through others. A cycle means the two folders are
/// one piece split in two, or a piece sits in the wrong folder. The project's own top folder (its registration, entry
/// points and the types every folder shares) is left out: it is the project itself, which its folders make up.
/// </summary>
public sealed class FolderCycleTests
{
    public static TheoryData<string> Projects() =>
    [
        "CitizenHelper.Web", "CitizenHelper.Staff", "CitizenHelper.Conversations", "CitizenHelper.Storage", "CitizenHelper.Storage.PostgreSql",
        "CitizenHelper.Bot", "CitizenHelper.Qr", "CitizenHelper.Answering", "CitizenHelper.Knowledge",
    ];

    [Theory]
    [MemberData(nameof(Projects))]
    public void NoTwoFoldersUseEachOther(string project)
    {
        var uses = FolderUses(NamespaceReferences.Of(Assembly.Load(project).Location, project), project);
        var cycles = Cycles(uses);
        Assert.True(cycles.Count == 0, string.Join(Environment.NewLine, cycles));
    }

    [Fact]
    public void ACycleIsFoundAndNamed()
    {
        // The check itself: a made-up graph where A and C use each other through B, and D only uses A.
        var uses = new Dictionary<(string From, string To), string>
        {
            [("A", "B")] = "a → b",
            [("B", "C")] = "b → c",
            [("C", "A")] = "c → a",
            [("D", "A")] = "d → a",
        };
        var cycle = Assert.Single(Cycles(uses));
        Assert.Equal("Folders in a cycle: A, B, C (A uses B: a → b; B uses C: b → c; C uses A: c → a)", cycle);
    }

    /// <summary>Uses between namespaces as uses between the project's folders (CitizenHelper.Web.Staff.Components is in Staff).</summary>
    private static Dictionary<(string From, string To), string> FolderUses(Dictionary<(string From, string To), string> uses, string project)
    {
        static string? FolderOf(string ns, string project) =>
            ns.Length > project.Length ? ns[(project.Length + 1)..].Split('.')[0] : null;
        var folders = new Dictionary<(string From, string To), string>();
        foreach (var ((from, to), example) in uses)
        {
            if (FolderOf(from, project) is { } fromFolder && FolderOf(to, project) is { } toFolder && fromFolder != toFolder)
            {
                folders.TryAdd((fromFolder, toFolder), example);
            }
        }
        return folders;
    }

    /// <summary>Each group of folders that reach one another, with one example of each use inside the group.</summary>
    private static List<string> Cycles(Dictionary<(string From, string To), string> uses)
    {
        var next = uses.Keys.ToLookup(u => u.From, u => u.To);
        var namespaces = uses.Keys.SelectMany(u => new[] { u.From, u.To }).Distinct().Order(StringComparer.Ordinal).ToList();
        var reach = namespaces.ToDictionary(ns => ns, ns => Reachable(ns, next));
        var groups = namespaces
            .Select(ns => namespaces.Where(other => other == ns || (reach[ns].Contains(other) && reach[other].Contains(ns))).ToList())
            .Where(group => group.Count > 1)
            .DistinctBy(group => group[0]);
        return [.. groups.Select(group =>
        {
            var inside = uses.Where(u => group.Contains(u.Key.From) && group.Contains(u.Key.To))
                .OrderBy(u => u.Key.From, StringComparer.Ordinal).ThenBy(u => u.Key.To, StringComparer.Ordinal)
                .Select(u => $"{u.Key.From} uses {u.Key.To}: {u.Value}");
            return $"Folders in a cycle: {string.Join(", ", group)} ({string.Join("; ", inside)})";
        })];
    }

    private static HashSet<string> Reachable(string start, ILookup<string, string> next)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var todo = new Stack<string>(next[start]);
        while (todo.TryPop(out var ns))
        {
            if (seen.Add(ns))
            {
                foreach (var further in next[ns])
                {
                    todo.Push(further);
                }
            }
        }
        return seen;
    }
}

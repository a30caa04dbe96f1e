using System.Reflection;
using System.Xml.Linq;

namespace CitizenHelper.Architecture.Tests;

/// <summary>
/// The layers of docs/architecture.md hold: the web project calls the application layer (conversation delivery, staff
/// workflows), which calls the core (bot, answering, knowledge, QR, storage); nothing refers back up. Checked on the
/// project files (what is declared) and on the built assemblies (what the compiled code uses).
/// </summary>
public sealed class LayeringTests
{
    private const string Web = "CitizenHelper.Web";
    private const string Conversations = "CitizenHelper.Conversations";
    private const string Staff = "CitizenHelper.Staff";

    /// <summary>What each project of src/ may reference among the others; a project not named here fails the test.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        [Web] = [Staff, Conversations, .. Core()],
        // Staff workflows deliver replies into conversations; delivery knows nothing of staff.
        [Staff] = [Conversations, .. Core()],
        [Conversations] = Core(),
        ["CitizenHelper.Storage.PostgreSql"] = ["CitizenHelper.Storage"],
        ["CitizenHelper.Storage"] = ["CitizenHelper.Bot", "CitizenHelper.Qr", "CitizenHelper.Answering", "CitizenHelper.Knowledge"],
        ["CitizenHelper.Bot"] = ["CitizenHelper.Qr", "CitizenHelper.Answering", "CitizenHelper.Knowledge"],
        ["CitizenHelper.Qr"] = ["CitizenHelper.Answering", "CitizenHelper.Knowledge"],
        ["CitizenHelper.Answering"] = ["CitizenHelper.Knowledge"],
        ["CitizenHelper.Knowledge"] = [],
    };

    private static string[] Core() =>
        ["CitizenHelper.Storage.PostgreSql", "CitizenHelper.Storage", "CitizenHelper.Bot", "CitizenHelper.Qr", "CitizenHelper.Answering", "CitizenHelper.Knowledge"];

    public static TheoryData<string> Projects() => [.. Allowed.Keys];

    [Fact]
    public void EveryProjectOfSrcHasItsPlace()
    {
        var projects = Directory.GetDirectories(RepositoryPaths.Sources()).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(Allowed.Keys.Order(StringComparer.Ordinal), projects);
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void ProjectReferencesPointDownOnly(string project)
    {
        var file = Path.Combine(RepositoryPaths.Sources(), project, project + ".csproj");
        var referenced = XDocument.Load(file).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')));
        Assert.Empty(referenced.Except(Allowed[project], StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void CompiledCodeUsesLowerLayersOnly(string project)
    {
        var referenced = Assembly.Load(project).GetReferencedAssemblies().Select(a => a.Name!)
            .Where(name => name.StartsWith("CitizenHelper.", StringComparison.Ordinal));
        Assert.Empty(referenced.Except(Allowed[project], StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(Conversations)]
    [InlineData(Staff)]
    [InlineData("CitizenHelper.Storage")]
    public void TypesLiveInTheirProjectsNamespace(string project)
    {
        // Compiler-made types (regex generators, embedded attributes) live under System or Microsoft.
        var strays = Assembly.Load(project).GetTypes()
            .Where(t => t.Namespace is { } ns && !ns.StartsWith("System.", StringComparison.Ordinal) && !ns.StartsWith("Microsoft.", StringComparison.Ordinal))
            .Where(t => t.Namespace != project && !t.Namespace!.StartsWith(project + ".", StringComparison.Ordinal))
            .Select(t => t.FullName);
        Assert.Empty(strays);
    }
}

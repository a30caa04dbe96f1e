using CitizenHelper.Knowledge;

namespace CitizenHelper.Knowledge.Tests;

public sealed class KnowledgeLoaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kb-").FullName;
    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void BundledKnowledgeBaseLoadsWithoutProblems()
    {
        var kb = KnowledgeLoader.Load(RepositoryKnowledge(), TimeProvider.System);

        Assert.Empty(kb.Problems);
        Assert.Contains(kb.Procedures, p => p.Code == "1.001193" && p.Language == "vi");
        Assert.Contains(kb.Procedures, p => p.Code == "1.000894" && p.Language == "vi");
        Assert.Contains(kb.Procedures, p => p.Code == "2.000815" && p.Language == "vi");
    }

    [Fact]
    public void EveryBundledProcedureHasVietnameseAndEnglish()
    {
        var kb = KnowledgeLoader.Load(RepositoryKnowledge(), TimeProvider.System);

        foreach (var code in kb.Codes)
        {
            Assert.Equal(["en", "vi"], kb.Procedures.Where(p => p.Code == code).Select(p => p.Language).Order());
        }
    }

    [Fact]
    public void DuplicateCodeAndLanguageIsReportedAndOnlyTheFirstIsServed()
    {
        Write("procedures/1.000001.vi.md", Spec("minimal"));
        Write("procedures/more/1.000001.vi.md", Spec("minimal"));

        var kb = KnowledgeLoader.Load(_root, _clock);

        Assert.Single(kb.Procedures);
        var problem = Assert.Single(kb.Problems);
        Assert.Equal("procedures/more/1.000001.vi.md", problem.File);
        Assert.Contains("already defined in procedures/1.000001.vi.md", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileNameMustMatchCodeAndLanguage()
    {
        Write("procedures/khai-sinh.md", Spec("minimal"));

        var kb = KnowledgeLoader.Load(_root, _clock);

        Assert.Empty(kb.Procedures);
        Assert.Equal("procedures/khai-sinh.md:1: the file name must be 1.000001.vi.md to match its code and lang", Assert.Single(kb.Problems).ToString());
    }

    [Fact]
    public void MissingFolderIsAProblemNotACrash()
    {
        var kb = KnowledgeLoader.Load(Path.Combine(_root, "nowhere"), _clock);

        Assert.Empty(kb.Procedures);
        Assert.Equal("procedures", Assert.Single(kb.Problems).File);
    }

    [Fact]
    public void FindFallsBackToVietnamese()
    {
        Write("procedures/1.000001.vi.md", Spec("minimal"));
        var kb = KnowledgeLoader.Load(_root, _clock);

        Assert.Equal("vi", kb.Find("1.000001", "en")!.Language);
        Assert.Null(kb.Find("9.999999", "vi"));
    }

    internal static string RepositoryKnowledge()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "knowledge");
            if (Directory.Exists(Path.Combine(candidate, KnowledgeLoader.ProceduresFolder)))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("The repository's knowledge folder was not found above the test output.");
    }

    private static string Spec(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Specs", "valid", $"{name}.md"));

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

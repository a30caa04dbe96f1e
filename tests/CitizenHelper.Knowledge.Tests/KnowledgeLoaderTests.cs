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
        var kb = KnowledgeLoader.Load(RepositoryPaths.Knowledge(), TimeProvider.System);

        Assert.Empty(kb.Problems);
        Assert.Contains(kb.Procedures, p => p.Code == "1.001193" && p.Language == "vi");
        Assert.Contains(kb.Procedures, p => p.Code == "1.000894" && p.Language == "vi");
        Assert.Contains(kb.Procedures, p => p.Code == "2.000815" && p.Language == "vi");
    }

    [Fact]
    public void EveryBundledProcedureHasVietnameseAndEnglish()
    {
        var kb = KnowledgeLoader.Load(RepositoryPaths.Knowledge(), TimeProvider.System);

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
        Assert.Equal("procedures/khai-sinh.md:1: the file name must be 1.000001.vi.md to match its front matter", Assert.Single(kb.Problems).ToString());
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

    [Fact]
    public void ByteOrderMarkAndWindowsLineEndsAreAccepted()
    {
        var text = "\uFEFF" + Spec("minimal").Replace("\n", "\r\n", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(ProceduresFolder(), "1.000001.vi.md"), text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

        var kb = KnowledgeLoader.Load(_root, _clock);

        Assert.Empty(kb.Problems);
        Assert.Equal("Thủ tục mẫu", Assert.Single(kb.Procedures).Title);
    }

    [Fact]
    public void InvalidUtf8IsReportedWithItsLine()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Spec("minimal")).ToList();
        var secondLine = bytes.IndexOf((byte)'\n') + 1;
        bytes.Insert(secondLine, 0xC3);
        bytes.Insert(secondLine + 1, 0x28);
        File.WriteAllBytes(Path.Combine(ProceduresFolder(), "1.000001.vi.md"), [.. bytes]);

        var kb = KnowledgeLoader.Load(_root, _clock);

        Assert.Empty(kb.Procedures);
        Assert.Equal("procedures/1.000001.vi.md:2: is not valid UTF-8 text; save it as UTF-8", Assert.Single(kb.Problems).ToString());
    }

    [Fact]
    public void TenMegabyteFileIsRefusedWithoutReadingIt()
    {
        File.WriteAllText(Path.Combine(ProceduresFolder(), "1.000001.vi.md"), Spec("minimal") + new string('x', 10 * 1024 * 1024));

        var kb = KnowledgeLoader.Load(_root, _clock);

        Assert.Empty(kb.Procedures);
        Assert.Contains("a knowledge file may be at most", Assert.Single(kb.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SymbolicLinkLoopIsReportedNotFollowed()
    {
        Write("procedures/1.000001.vi.md", Spec("minimal"));
        Directory.CreateSymbolicLink(Path.Combine(ProceduresFolder(), "loop"), ProceduresFolder());

        var kb = KnowledgeLoader.Load(_root, _clock);

        Assert.Single(kb.Procedures);
        Assert.Equal("procedures/loop", Assert.Single(kb.Problems).File);
    }

    [Fact]
    public void TabsInFrontMatterAreAYamlErrorWithALine()
    {
        Write("procedures/1.000001.vi.md", Spec("minimal").Replace("  - title: Nguồn mẫu", "\t- title: Nguồn mẫu", StringComparison.Ordinal));

        var kb = KnowledgeLoader.Load(_root, _clock);

        var problem = Assert.Single(kb.Problems);
        Assert.True(problem.Line > 1);
        Assert.Contains("not valid YAML", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void YamlAliasBombDoesNotHang()
    {
        var bomb = string.Join('\n', Enumerable.Range(0, 30).Select(i => i == 0
            ? "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"
            : $"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]"));
        Write("procedures/1.000001.vi.md", Spec("minimal").Replace("field: Hộ tịch", "field: Hộ tịch\n" + bomb + "\naliases: *a29", StringComparison.Ordinal));

        var started = System.Diagnostics.Stopwatch.StartNew();
        var kb = KnowledgeLoader.Load(_root, _clock);

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
        Assert.Empty(kb.Procedures);
        Assert.Contains(kb.Problems, p => p.Message.Contains("unknown front matter key 'a0'", StringComparison.Ordinal));
    }

    [Fact]
    public void FrontMatterThatIsNotAMappingIsReported()
    {
        Write("procedures/1.000001.vi.md", "---\n- just\n- a list\n---\n\n# T\n");

        var kb = KnowledgeLoader.Load(_root, _clock);

        Assert.Equal("procedures/1.000001.vi.md:2: front matter must be a YAML mapping of keys to values", Assert.Single(kb.Problems).ToString());
    }

    private string ProceduresFolder()
    {
        var folder = Path.Combine(_root, KnowledgeLoader.ProceduresFolder);
        Directory.CreateDirectory(folder);
        return folder;
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

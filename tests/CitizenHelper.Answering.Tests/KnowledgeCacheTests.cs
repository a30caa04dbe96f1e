using System.Text.Json;
using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge;
using CitizenHelper.Tests;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitizenHelper.Answering.Tests;

/// <summary>
/// Parsed knowledge bases and their index kept on disk: what a restart reads back answers exactly as what was parsed
/// and built, an edited knowledge file is parsed again, and a damaged file is never trusted.
/// </summary>
public sealed class KnowledgeCacheTests : IDisposable
{
    private const string Birth = "1.001193";

    private readonly string _cache = Directory.CreateTempSubdirectory("knowledge-cache-").FullName;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    [Fact]
    public void TheBundledKnowledgeReadFromTheCacheIsTheParsedOneAndSearchesAlike()
    {
        var root = RepositoryPaths.Knowledge();
        var catalog = RepositoryPaths.Catalog();
        // As parsed and built when the knowledge base loads (the run's shared load: it is the same work).
        var loaded = BundledKnowledge.For(catalog)!.Current;
        var (parsed, built) = (loaded.Base, loaded.Index);
        var key = KnowledgeCache.KeyFor(root, catalog);
        var cache = new KnowledgeCache(_cache);

        cache.Save(key, parsed, built);
        var (knowledge, index) = cache.TryLoad(key, DateTimeOffset.UtcNow)!.Value;

        // The facts: every document, catalog entry, unit, example, glossary and problem, field by field and in order.
        Assert.Equal(Json(parsed.Documents), Json(knowledge.Documents));
        Assert.Equal(Json(parsed.Catalog), Json(knowledge.Catalog));
        Assert.Equal(Json(parsed.Units), Json(knowledge.Units));
        Assert.Equal(Json(parsed.FormerUnits), Json(knowledge.FormerUnits));
        Assert.Equal(Json(parsed.Examples), Json(knowledge.Examples));
        Assert.Equal(Json(parsed.Glossaries), Json(knowledge.Glossaries));
        Assert.Equal(Json(parsed.Problems), Json(knowledge.Problems));
        Assert.Equal(parsed.Provinces, knowledge.Provinces);
        Assert.True(parsed.Catalog.Count > 5000, "the bundled catalog is loaded");

        // The search: the same documents with the same scores, and the same features for the classifier.
        Assert.Equal(built.Count, index.Count);
        var questions = parsed.Examples.Where((_, i) => i % 25 == 0).Select(e => e.Text)
            .Concat(parsed.Catalog.Where((_, i) => i % 200 == 0).Select(c => VietnameseTextFolded(c.Title)))
            .Concat(["dangw kys khai sinh", "lam lai so ho khau bi mat", "cccd het han", "how do I register a birth", "giá vàng hôm nay", "1.001193"])
            .ToList();
        Assert.True(questions.Count > 150);
        foreach (var question in questions)
        {
            Assert.Equal(built.Search(question, 10), index.Search(question, 10));
            Assert.Equal(ClassifierFeatures.Of(question, built), ClassifierFeatures.Of(question, index));
            Assert.Equal(built.Coverage(Birth, question), index.Coverage(Birth, question));
        }
        Assert.True(index.Names(Birth, "khai sinh"));
        Assert.True(index.Mentions(Birth, "khai sinh"));
    }

    [Fact]
    public void AnEditedKnowledgeFileIsParsedAgainAndServed()
    {
        using var kb = new TestKnowledge();
        kb.WriteProcedure(Birth, "Đăng ký khai sinh", "Trong ngày");
        var first = Provider(kb).Reload();
        var stored = Assert.Single(Directory.GetFiles(_cache, "knowledge-*.bin"));
        // A second start with the same files reads the stored one: same documents, same key, no second file.
        var again = Provider(kb).Reload();
        Assert.Equal(Json(first.Base.Documents), Json(again.Base.Documents));
        Assert.Equal(stored, Assert.Single(Directory.GetFiles(_cache, "knowledge-*.bin")));

        kb.WriteProcedure(Birth, "Đăng ký khai sinh", "Trong 3 ngày làm việc");
        var edited = Provider(kb).Reload();

        Assert.Equal(2, Directory.GetFiles(_cache, "knowledge-*.bin").Length);
        var time = edited.Base.Find(Birth, "vi")!.Section(SectionIds.Time)!.Lines;
        Assert.Contains(time, line => line.Contains("3 ngày", StringComparison.Ordinal));
    }

    [Fact]
    public void ADamagedOrForeignFileIsIgnored()
    {
        using var kb = new TestKnowledge();
        kb.WriteProcedure(Birth, "Đăng ký khai sinh", "Trong ngày");
        var key = KnowledgeCache.KeyFor(kb.Root, null);
        var knowledge = KnowledgeLoader.Load(kb.Root, TimeProvider.System);
        var cache = new KnowledgeCache(_cache);
        cache.Save(key, knowledge, KnowledgeIndex.Build(knowledge));
        var path = cache.PathFor(key);
        Assert.NotNull(cache.TryLoad(key, DateTimeOffset.UtcNow));

        // Dates past stay past: a later day is served, an earlier one (a clock set back) parses again.
        Assert.NotNull(cache.TryLoad(key, DateTimeOffset.UtcNow.AddDays(3)));
        Assert.Null(cache.TryLoad(key, DateTimeOffset.UtcNow.AddDays(-1)));

        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        Assert.Null(cache.TryLoad(key, DateTimeOffset.UtcNow));

        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Assert.Null(cache.TryLoad(key, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void AFileVerifiedInTheFutureIsJudgedAgainOnAnotherDay()
    {
        using var kb = new TestKnowledge();
        kb.WriteProcedure(Birth, "Đăng ký khai sinh", "Trong ngày");
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var file = Path.Combine(kb.Root, KnowledgeLoader.ProceduresFolder, $"{Birth}.vi.md");
        File.WriteAllText(file, File.ReadAllText(file).Replace("verified: 2026-11-01", $"verified: {tomorrow}", StringComparison.Ordinal));
        var key = KnowledgeCache.KeyFor(kb.Root, null);
        var knowledge = KnowledgeLoader.Load(kb.Root, TimeProvider.System);
        Assert.Contains(knowledge.Problems, p => p.Message.EndsWith(KnowledgeProblem.InTheFuture, StringComparison.Ordinal));
        var cache = new KnowledgeCache(_cache);
        cache.Save(key, knowledge, KnowledgeIndex.Build(knowledge));

        Assert.NotNull(cache.TryLoad(key, DateTimeOffset.UtcNow));
        // Tomorrow the document is no longer in the future: it must be parsed again to be served.
        Assert.Null(cache.TryLoad(key, DateTimeOffset.UtcNow.AddDays(1)));
    }

    [Fact]
    public void TheClassifierIsKeptUnderTheKnowledgesContentAndReadBackAlike()
    {
        using var kb = new TestKnowledge();
        kb.WriteProcedure(Birth, "Đăng ký khai sinh", "Trong ngày");
        kb.WriteProcedure("1.000656", "Đăng ký khai tử", "Trong ngày");
        // A question no other test writes: this knowledge's model is in no test's memory cache.
        kb.WriteExamples(($"vợ tôi vừa sinh em bé ({Guid.NewGuid():N})", Birth), ("bố tôi mất rồi báo xã", "1.000656"), ("giá vàng hôm nay", QuestionClassifier.None));
        var classifiers = new ClassifierStore(_cache);
        var started = new KnowledgeProvider(kb.Root, null, TimeProvider.System, NullLogger<KnowledgeProvider>.Instance, classifiers, new KnowledgeCache(_cache)).Reload();

        var storeKey = ClassifierStore.KeyForContent(KnowledgeCache.KeyFor(kb.Root, null));
        Assert.True(File.Exists(classifiers.PathFor(storeKey)));
        var read = classifiers.TryLoad(storeKey, started.Index)!;
        foreach (var question in new[] { "vợ tôi vừa sinh em bé", "bố tôi mất rồi", "giá vàng" })
        {
            Assert.Equal(started.Classifier!.Classify(question), read.Classify(question));
        }
    }

    private KnowledgeProvider Provider(TestKnowledge kb) =>
        new(kb.Root, null, TimeProvider.System, NullLogger<KnowledgeProvider>.Instance, snapshots: new KnowledgeCache(_cache));

    private static string VietnameseTextFolded(string text) => Knowledge.Text.VietnameseText.Fold(text);

    private static string Json<T>(IEnumerable<T> items) where T : notnull =>
        string.Join('\n', items.Select(i => JsonSerializer.Serialize(i, i.GetType())));
}

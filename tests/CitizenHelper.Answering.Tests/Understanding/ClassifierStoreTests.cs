using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Answering.Tests;

/// <summary>
/// Trained question classifiers kept on disk: a restart with the same knowledge loads the very model it trained,
/// changed knowledge trains again, and a damaged file is never trusted.
/// </summary>
public sealed class ClassifierStoreTests : IDisposable
{
    private const string Birth = "1.001193";
    private const string Death = "1.000656";

    private static readonly string[] Questions =
        ["vợ tôi vừa sinh em bé", "bố tôi mất rồi báo xã", "lam giay khai sinh o dau", "giá vàng hôm nay", "đăng ký"];

    private readonly TestKnowledge _kb = new();
    private readonly string _cache = Directory.CreateTempSubdirectory("classifiers-").FullName;

    public ClassifierStoreTests()
    {
        _kb.WriteProcedure(Birth, "Đăng ký khai sinh", "Trong ngày");
        _kb.WriteProcedure(Death, "Đăng ký khai tử", "Trong ngày");
        // A question no other test writes: this knowledge's model is in no test's memory cache.
        _kb.WriteExamples(
            ("vợ tôi vừa sinh em bé, cần làm giấy gì cho cháu", Birth),
            ("cháu bé mới sinh ra làm giấy ở đâu", Birth),
            ($"bố tôi vừa qua đời, gia đình phải báo xã thế nào ({Guid.NewGuid():N})", Death),
            ("người nhà mất rồi thì làm giấy báo tử ở đâu", Death),
            ("giá vàng hôm nay bao nhiêu", QuestionClassifier.None));
    }

    public void Dispose()
    {
        _kb.Dispose();
        Directory.Delete(_cache, recursive: true);
    }

    [Fact]
    public void ALoadedModelGivesExactlyTheProbabilitiesOfTheTrainedOne()
    {
        var (knowledge, index, key) = Load();
        var trained = QuestionClassifier.Train(QuestionClassifier.TrainingSet(knowledge), index);
        var store = new ClassifierStore(_cache);

        store.Save(key, trained);
        var loaded = store.TryLoad(key, index);

        Assert.NotNull(loaded);
        Assert.Equal(trained.Size, loaded.Size);
        foreach (var question in Questions)
        {
            Assert.Equal(trained.Classify(question), loaded.Classify(question));
        }
    }

    [Fact]
    public void TheFirstLoadTrainsAndStoresAModelTheNextStartReads()
    {
        var (knowledge, index, key) = Load();
        var store = new ClassifierStore(_cache);
        Assert.Null(store.TryLoad(key, index));

        var trained = QuestionClassifier.For(knowledge, index, store)!;

        var stored = Assert.Single(Directory.GetFiles(_cache));
        Assert.Equal(store.PathFor(key), stored);
        var loaded = new ClassifierStore(_cache).TryLoad(key, index)!;
        Assert.Equal(trained.Classify(Questions[0]), loaded.Classify(Questions[0]));
    }

    [Fact]
    public void ChangedKnowledgeIsAnotherKeyAndFindsNoStoredModel()
    {
        var (before, index, key) = Load();
        var store = new ClassifierStore(_cache);
        store.Save(key, QuestionClassifier.Train(QuestionClassifier.TrainingSet(before), index));

        _kb.WriteProcedure(Birth, "Đăng ký khai sinh", "Trong 3 ngày làm việc");
        var (_, changedIndex, changedKey) = Load();

        Assert.NotEqual(key, changedKey);
        Assert.Null(store.TryLoad(changedKey, changedIndex));
        Assert.NotNull(store.TryLoad(key, index));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped weight")]
    [InlineData("other version")]
    [InlineData("empty")]
    [InlineData("other key")]
    public void ADamagedFileIsIgnoredAndTheModelTrainedAgain(string damage)
    {
        var (knowledge, index, key) = Load();
        var store = new ClassifierStore(_cache);
        var trained = QuestionClassifier.Train(QuestionClassifier.TrainingSet(knowledge), index);
        store.Save(key, trained);
        var path = store.PathFor(key);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, damage switch
        {
            "truncated" => bytes[..(bytes.Length / 2)],
            "flipped weight" => Flip(bytes, bytes.Length - 100),
            "other version" => Flip(bytes, 4),
            "empty" => [],
            _ => Flip(bytes, 8),
        });

        Assert.Null(store.TryLoad(key, index));

        // What the knowledge provider does next: train, store, and the file is good again.
        store.Save(key, trained);
        Assert.Equal(trained.Classify(Questions[1]), store.TryLoad(key, index)!.Classify(Questions[1]));
    }

    [Fact]
    public void OnlyTheMostRecentlyUsedModelsAreKept()
    {
        var (knowledge, index, _) = Load();
        var model = QuestionClassifier.Train(QuestionClassifier.TrainingSet(knowledge), index);
        var store = new ClassifierStore(_cache, keep: 2);
        byte[][] keys = [KeyOf(1), KeyOf(2), KeyOf(3)];
        var past = DateTime.UtcNow.AddHours(-3);
        for (var i = 0; i < 2; i++)
        {
            store.Save(keys[i], model);
            File.SetLastWriteTimeUtc(store.PathFor(keys[i]), past.AddHours(i)); // the first saved, the oldest
        }
        Assert.NotNull(store.TryLoad(keys[0], index)); // used now: the second is the least recently used

        store.Save(keys[2], model);

        Assert.Equal(2, Directory.GetFiles(_cache).Length);
        Assert.True(File.Exists(store.PathFor(keys[0])));
        Assert.False(File.Exists(store.PathFor(keys[1])));
        Assert.True(File.Exists(store.PathFor(keys[2])));
    }

    [Fact]
    public void ATemporaryFileACrashLeftIsRemoved()
    {
        var store = new ClassifierStore(_cache);
        var left = Path.Combine(_cache, "classifier-0123.bin.abc.tmp");
        File.WriteAllBytes(left, [1, 2, 3]);
        File.SetLastWriteTimeUtc(left, DateTime.UtcNow.AddHours(-2));
        var writing = Path.Combine(_cache, "classifier-4567.bin.def.tmp");
        File.WriteAllBytes(writing, [1, 2, 3]);

        store.Prune();

        Assert.False(File.Exists(left));
        Assert.True(File.Exists(writing)); // another process may be writing it now
    }

    private (KnowledgeBase Knowledge, KnowledgeIndex Index, byte[] Key) Load()
    {
        var knowledge = KnowledgeLoader.Load(_kb.Root, TimeProvider.System);
        Assert.Empty(knowledge.Problems);
        var fingerprint = QuestionClassifier.Fingerprint(QuestionClassifier.TrainingSet(knowledge), knowledge);
        return (knowledge, KnowledgeIndex.Build(knowledge), ClassifierStore.KeyFor(fingerprint, knowledge));
    }

    private static byte[] KeyOf(byte seed) => [.. Enumerable.Repeat(seed, 32)];

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = bytes.ToArray();
        copy[at] ^= 0xFF;
        return copy;
    }
}

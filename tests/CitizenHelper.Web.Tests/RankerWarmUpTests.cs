using CitizenHelper.Answering;
using CitizenHelper.Web.Extensions;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests;

/// <summary>
/// The candidate ranker is ready after each knowledge load without a question asking for it: the first citizen after
/// a start or a staff approval does not wait for it to train.
/// </summary>
public sealed class RankerWarmUpTests : IDisposable
{
    private readonly string _knowledge = Directory.CreateTempSubdirectory("kb-ranker-").FullName;

    public RankerWarmUpTests()
    {
        var procedures = Path.Combine(_knowledge, "procedures");
        Directory.CreateDirectory(procedures);
        foreach (var name in new[] { "1.001193.vi.md", "1.000656.vi.md" })
        {
            File.Copy(Path.Combine(RepositoryPaths.Knowledge(), "procedures", name), Path.Combine(procedures, name));
        }
        WriteExamples("con tôi mới sinh thì làm giấy gì\t1.001193", "bố tôi mất rồi báo xã thế nào\t1.000656");
    }

    public void Dispose() => Directory.Delete(_knowledge, recursive: true);

    [Fact]
    public async Task TheRankerIsTrainedAfterTheStartAndAfterEachReloadWithoutAQuestion()
    {
        using var factory = Factory(trainAfterLoad: true);
        using var client = factory.CreateClient();
        var provider = factory.Services.GetRequiredService<KnowledgeProvider>();
        var warmUp = factory.Services.GetRequiredService<AfterKnowledgeLoad>();

        await warmUp.Work.WaitAsync(TimeSpan.FromMinutes(1));
        var first = provider.Current;
        Assert.True(first.Ranker!.IsValueCreated, "no ranker after the start");

        WriteExamples("con tôi mới sinh thì làm giấy gì\t1.001193", "ông mất hôm qua, khai tử ở đâu\t1.000656");
        var reloaded = await Eventually.GetAsync(() => Task.FromResult(provider.Current), s => !ReferenceEquals(s, first), "the reload");
        await Eventually.GetAsync(() => Task.FromResult(warmUp.Work), w => w.IsCompleted && reloaded.Ranker!.IsValueCreated, "the reloaded ranker");
    }

    [Fact]
    public async Task TurnedOffTheRankerWaitsForTheFirstQuestionThatNeedsIt()
    {
        using var factory = Factory(trainAfterLoad: false);
        using var client = factory.CreateClient();

        await factory.Services.GetRequiredService<AfterKnowledgeLoad>().Work.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.False(factory.Services.GetRequiredService<KnowledgeProvider>().Current.Ranker!.IsValueCreated);
    }

    private CitizenHelperFactory Factory(bool trainAfterLoad) => new(new()
    {
        ["Knowledge:Path"] = _knowledge,
        ["Knowledge:UseCatalog"] = "false",
        ["Knowledge:TrainRankerAfterLoad"] = trainAfterLoad ? "true" : "false",
    });

    private void WriteExamples(params string[] rows)
    {
        var examples = Path.Combine(_knowledge, "examples");
        Directory.CreateDirectory(examples);
        File.WriteAllLines(Path.Combine(examples, "questions.tsv"), ["id\tquestion\texpected\tkind\tprevious", .. rows.Select((r, i) => $"w{i:000}\t{r}\tvi\t")]);
    }
}

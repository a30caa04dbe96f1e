using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Answering.Tests;

/// <summary>
/// The question classifier learns from the knowledge base's example questions how citizens ask, and the decision
/// step weighs it beside the retriever's name matching.
/// </summary>
public sealed class QuestionClassifierTests : IDisposable
{
    private const string Birth = "1.001193";
    private const string Death = "1.000656";
    private const string Copies = "2.000815";

    private readonly TestKnowledge _kb = new();

    public QuestionClassifierTests()
    {
        _kb.WriteProcedure(Birth, "Đăng ký khai sinh", "Trong ngày");
        _kb.WriteProcedure(Death, "Đăng ký khai tử", "Trong ngày");
        _kb.WriteProcedure(Copies, "Chứng thực bản sao từ bản chính", "Trong ngày");
    }

    public void Dispose() => _kb.Dispose();

    [Fact]
    public async Task AQuestionPhrasedAsCitizensDoIsAnsweredFromWhatTheExamplesTaught()
    {
        const string question = "cháu nội tôi mới ra đời hôm qua, bố nó phải lên xã lo giấy gì";
        using (var withoutExamples = new Answerer(_kb.Root))
        {
            Assert.Equal(AnswerOutcome.Escalated, (await withoutExamples.AskAsync(question)).Outcome);
        }
        WriteExamples();

        using var bot = new Answerer(_kb.Root);
        var answer = await bot.AskAsync(question);

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Equal(Birth, answer.ProcedureCode);
    }

    [Fact]
    public async Task AnOutOfScopeWordIsOnlyContextWhenTheExamplesTeachIt()
    {
        const string question = "bố tôi đang chữa bệnh nằm một chỗ, con cái cần chứng thực bản sao giấy tờ gốc cho ông";
        WriteExamples();
        using (var untaught = new Answerer(_kb.Root))
        {
            Assert.Equal(Refusal.OffTopic, (await untaught.AskAsync(question)).Refusal);
        }
        WriteExamples(
            ("mẹ tôi đang chữa bệnh trong viện, cần sao y giấy tờ gốc để nộp hồ sơ thì làm sao", Copies),
            ("ông đang chữa bệnh không đi được, con cháu mang giấy gốc đi chứng thực bản sao được không", Copies),
            ("chồng đang chữa bệnh nặng, vợ đi chứng thực bản sao sổ hộ nghèo cho chồng", Copies),
            ("con đang chữa bệnh phải nghỉ học, cần bản sao có chứng thực giấy tờ gốc", Copies));

        using var bot = new Answerer(_kb.Root);
        var answer = await bot.AskAsync(question);

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Equal(Copies, answer.ProcedureCode);
    }

    [Fact]
    public void TheClassifierFindsTheDocumentOfAnUnseenPhrasing()
    {
        WriteExamples();
        var classifier = Classifier();

        Assert.Equal(Death, classifier.Classify("ông ngoại vừa qua đời thì gia đình cần báo xã thế nào")[0].Label);
        Assert.Equal(Copies, classifier.Classify("mang giấy tờ gốc đi photo có đóng dấu đỏ được không")[0].Label);
    }

    [Fact]
    public void WordsNoDocumentUsesLeanTowardsNone()
    {
        WriteExamples();

        var top = Classifier().Classify("giá lúa gạo tuần này ở chợ huyện")[0];

        Assert.Equal(QuestionClassifier.None, top.Label);
    }

    [Fact]
    public void TrainingTwiceGivesTheSameModel()
    {
        WriteExamples();
        var knowledge = KnowledgeLoader.Load(_kb.Root, TimeProvider.System);
        var index = KnowledgeIndex.Build(knowledge);
        var examples = QuestionClassifier.TrainingSet(knowledge);

        var first = QuestionClassifier.Train(examples, index).Classify("ông mất rồi báo xã");
        var second = QuestionClassifier.Train(examples, index).Classify("ông mất rồi báo xã");

        Assert.Equal(first, second);
    }

    [Fact]
    public void OneExampleMoreOrLessDoesNotSwingTheAnswersToOtherQuestions()
    {
        // The bundled knowledge base's examples: staff adding one example must not flip how unrelated questions are
        // read. Trained on the procedures the hand-written questions are about and the questions no procedure answers,
        // so the two trainings take seconds, not the minute the whole set takes: the same trainer, a fifth of the labels.
        var bundled = BundledKnowledge.For(catalogPath: null)!.Current;
        var asked = File.ReadLines(Path.Combine(RepositoryPaths.Knowledge(), KnowledgeLoader.ExamplesFolder, "questions.tsv"))
            .Select(line => line.Split('\t')[2])
            .ToHashSet(StringComparer.Ordinal);
        var examples = QuestionClassifier.TrainingSet(bundled.Base).Where(e => asked.Contains(e.Label)).ToList();
        var withoutOne = examples.Where((_, i) => i != examples.Count / 2).ToList();
        var labels = examples.Select(e => e.Label).Distinct().Count();
        Assert.True(labels >= 30, $"the subset keeps the procedures the questions are about, not {labels}");

        var all = QuestionClassifier.Train(examples, bundled.Index);
        var fewer = QuestionClassifier.Train(withoutOne, bundled.Index);

        foreach (var question in new[] { "Is it a good day to register our marriage?", "đăng ký xong thì mấy ngày có giấy chứng nhận", "ông mất rồi báo xã thế nào" })
        {
            var before = all.Classify(question)[0];
            var after = fewer.Classify(question).Single(l => l.Label == before.Label);
            Assert.True(Math.Abs(before.Probability - after.Probability) < 0.02, $"{question}: {before.Label} {before.Probability:F3} -> {after.Probability:F3}");
        }
    }

    [Fact]
    public void AReloadWithOtherExamplesLetsTheReplacedKnowledgeBaseGo()
    {
        // Examples no other test writes, so no other knowledge base in this process shares the model.
        WriteExamples(($"vợ tôi vừa sinh em bé ({Guid.NewGuid():N})", Birth));
        var provider = new KnowledgeProvider(_kb.Root, null, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<KnowledgeProvider>.Instance);
        var replaced = ClassifierOf(provider);
        WriteExamples(($"bố tôi mất rồi báo xã ({Guid.NewGuid():N})", Death));

        Assert.NotNull(provider.Reload().Classifier);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(replaced.TryGetTarget(out _), "the classifier of the replaced knowledge base (and so its index) is still held");
    }

    // Not inlined: the classifier must not stay on this method's stack while the test collects.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference<QuestionClassifier> ClassifierOf(KnowledgeProvider provider) => new(provider.Current.Classifier!);

    [Fact]
    public void WithoutExamplesThereIsNoClassifier()
    {
        var knowledge = KnowledgeLoader.Load(_kb.Root, TimeProvider.System);

        Assert.Null(QuestionClassifier.For(knowledge, KnowledgeIndex.Build(knowledge)));
    }

    private QuestionClassifier Classifier()
    {
        var knowledge = KnowledgeLoader.Load(_kb.Root, TimeProvider.System);
        Assert.Empty(knowledge.Problems);
        return QuestionClassifier.For(knowledge, KnowledgeIndex.Build(knowledge)) ?? throw new InvalidOperationException("no classifier");
    }

    private void WriteExamples(params (string Question, string Expected)[] more) => _kb.WriteExamples([.. more,
        ("vợ tôi vừa sinh em bé, cần làm giấy gì cho cháu", Birth),
        ("con mới chào đời thì bố mẹ phải lên xã làm giấy", Birth),
        ("em bé nhà tôi được một tháng, chưa có giấy tờ gì", Birth),
        ("cháu bé mới sinh ra làm giấy ở đâu", Birth),
        ("bố tôi vừa qua đời, gia đình phải báo xã thế nào", Death),
        ("người nhà mất rồi thì làm giấy báo tử ở đâu", Death),
        ("bà cụ mất tuần trước, con cháu cần lo giấy tờ gì", Death),
        ("ông mất ở nhà thì báo cho ai", Death),
        ("tôi cần mấy bản photo có đóng dấu đỏ của xã", Copies),
        ("mang bằng gốc đi sao y thì mất bao nhiêu tiền", Copies),
        ("photo sổ đỏ rồi đóng dấu ở đâu", Copies),
        ("xin dấu xác nhận bản photo giống bản gốc", Copies),
        ("giá vàng hôm nay bao nhiêu", QuestionClassifier.None),
        ("ngày mai trời có mưa không", QuestionClassifier.None),
        ("đội bóng nào vô địch năm nay", QuestionClassifier.None),
        ("mua xe máy trả góp ở đâu rẻ", QuestionClassifier.None),
        ("thuốc cảm cúm loại nào tốt", QuestionClassifier.None),
        ("bố bị bệnh nằm một chỗ thì uống thuốc gì cho đỡ", QuestionClassifier.None),
        ("con bị bệnh sốt cao cần đưa đi viện nào", QuestionClassifier.None)]);
}

using CitizenHelper.Answering.Pipeline;
using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Answering.Tests;

/// <summary>
/// The candidate ranker learns from the questions about some documents how a right match looks, never which document
/// it is, and vouches for a document nobody has written an example question for: that document keeps a question its
/// names match when the classifier, which only knows documents with examples, names another, and it is answered
/// where the match alone was too weak — but never over a question that is no administrative matter at all, nor where
/// the classifier is sure no document answers.
/// </summary>
public sealed class CandidateRankerTests : IDisposable
{
    private const string Registration = "9.000001";
    private const string Mobile = "9.000002";
    private const string Death = "9.000003";
    private const string Absence = "9.000004";

    private readonly TestKnowledge _knowledge = new();

    public CandidateRankerTests()
    {
        _knowledge.WriteProcedure(Registration, "Đăng ký khai sinh", "Trong ngày");
        _knowledge.WriteProcedure(Mobile, "Đăng ký khai sinh lưu động", "Trong ngày");
        _knowledge.WriteProcedure(Death, "Đăng ký khai tử", "Trong ngày");
        _knowledge.WriteProcedure(Absence, "Khai báo tạm vắng", "Trong ngày");
        // No example is about Mobile: what the ranker knows of it is its name.
        _knowledge.WriteExamples(
            ("làm giấy khai sinh cho con cần giấy tờ gì", Registration),
            ("con mới sinh thì đăng ký khai sinh ở đâu", Registration),
            ("bố mất rồi đăng ký khai tử thế nào", Death),
            ("khai tử cho ông cần giấy gì", Death),
            ("đi làm xa phải khai báo tạm vắng không", Absence),
            ("khai báo tạm vắng ở đâu", Absence),
            ("giá vàng hôm nay bao nhiêu", QuestionClassifier.None),
            ("thời tiết ngày mai thế nào", QuestionClassifier.None));
    }

    public void Dispose() => _knowledge.Dispose();

    [Fact]
    public void TrainedOnOtherDocumentsQuestionsItFindsTheDocumentWhoseWholeNameIsAskedLikeliest()
    {
        var (knowledge, index) = Load();
        var ranker = CandidateRanker.Train(knowledge, index);
        var candidates = index.Search("đăng ký khai sinh lưu động cho con", CandidateRanker.Candidates);

        var ranked = ranker.Rank("đăng ký khai sinh lưu động cho con", candidates, knowledge, index);

        Assert.Equal(Mobile, candidates[0].Key);
        Assert.True(ranked[0] > 0.5, $"the whole name asked: {ranked[0]:F2}");
        Assert.All(ranked.Skip(1), p => Assert.True(p < ranked[0], $"another candidate {p:F2} as likely as the named one {ranked[0]:F2}"));
    }

    [Fact]
    public void ItsWeightsReadBackGiveTheSameProbabilitiesAndAnythingElseReadsAsNothing()
    {
        var (knowledge, index) = Load();
        var ranker = CandidateRanker.Train(knowledge, index);
        var candidates = index.Search("khai sinh lưu động", CandidateRanker.Candidates);

        var read = CandidateRanker.Read(ranker.Save());

        Assert.NotNull(read);
        Assert.Equal(ranker.Rank("khai sinh lưu động", candidates, knowledge, index), read.Rank("khai sinh lưu động", candidates, knowledge, index));
        Assert.Null(CandidateRanker.Read("1\n2\n3"));
        Assert.Null(CandidateRanker.Read(ranker.Save().Replace("\n", "\nNaN\n", StringComparison.Ordinal)));
    }

    [Fact]
    public void AKeptRankerIsReadBackInsteadOfTrainedAndAFileThatIsNoRankerIsTrainedAgain()
    {
        var (knowledge, index) = Load();
        var store = new RankerStore(Path.Combine(_knowledge.Root, "cache"));
        byte[] key = [1, 2, 3];
        var trained = store.ReadOrTrain(key, knowledge, index);
        var file = Assert.Single(Directory.GetFiles(store.Folder, "ranker-*.txt"));

        File.WriteAllText(file, string.Join('\n', CandidateRanker.FeatureNames.Select(_ => "0.5")));
        var read = store.ReadOrTrain(key, knowledge, index);
        File.WriteAllText(file, "not a ranker");
        var again = store.ReadOrTrain(key, knowledge, index);

        Assert.All(read.Weights, w => Assert.Equal(0.5, w));
        Assert.Equal(trained.Weights, again.Weights);
    }

    [Theory]
    [InlineData(true, false, Mobile)] // sure of a document without examples: its name match stands
    [InlineData(false, false, Registration)] // not sure: the classifier's choice stands
    [InlineData(true, true, Registration)] // the name match is a document with examples: the classifier knows it and chose otherwise
    public async Task ADocumentWithoutExamplesKeepsItsNameMatchOverTheClassifiersChoiceWhenTheRankerIsSure(bool rankerSure, bool mobileHasExamples, string expected)
    {
        if (mobileHasExamples)
        {
            _knowledge.WriteExamples(("làm giấy khai sinh cho con cần giấy tờ gì", Registration), ("cán bộ xuống tận nhà làm khai sinh", Mobile));
        }
        var context = Context("cán bộ về tận bản làm khai sinh cho con", rankerSure, Hit(Mobile, 0.8), Hit(Registration, 0.6));
        context.DocumentKey = Registration; // what DecideStep chose from the classifier

        await new RankStep().InvokeAsync(context, CancellationToken.None);

        Assert.Equal(expected, context.DocumentKey);
    }

    [Fact]
    public async Task AFollowUpStaysWithTheDocumentUnderDiscussion()
    {
        var context = Context("cán bộ về tận bản làm khai sinh cho con", rankerSure: true, Hit(Mobile, 0.8), Hit(Registration, 0.6));
        context.State = context.State with { DocumentKey = Registration };
        context.DocumentKey = Registration;

        await new RankStep().InvokeAsync(context, CancellationToken.None);

        Assert.Equal(Registration, context.DocumentKey);
    }

    [Theory]
    [InlineData(true, Mobile)]
    [InlineData(false, null)] // handed to staff
    public async Task AWeakMatchWithADocumentWithoutExamplesIsAnsweredWhenTheRankerIsSure(bool rankerSure, string? expected)
    {
        var context = Context("cán bộ về tận bản làm giấy cho con", rankerSure, Hit(Mobile, 0.3), Hit(Registration, 0.2));

        await Decide(context);

        Assert.Equal(expected, context.DocumentKey);
        Assert.Equal(expected is null, context.Escalation is not null);
    }

    [Theory]
    [InlineData(0.8, null)] // sure: handed to staff
    [InlineData(0.6, Mobile)] // leaning to "no document", not sure: the sure ranker answers
    public async Task WhereTheClassifierIsSureNoDocumentAnswersTheRankerDoesNotOverruleIt(double none, string? expected)
    {
        var context = Context("cán bộ về tận bản làm giấy cho con", rankerSure: true, Hit(Mobile, 0.3), Hit(Registration, 0.2));
        context.Classification = [new LabelProbability(QuestionClassifier.None, none), new LabelProbability(Registration, 0.2)];

        await Decide(context);

        Assert.Equal(expected, context.DocumentKey);
        Assert.Equal(expected is null, context.Escalation is not null);
    }

    [Fact]
    public async Task AQuestionThatIsNoAdministrativeMatterIsDeclinedHoweverSureTheRankerIs()
    {
        var context = Context("giá vàng hôm nay ở chợ lưu động", rankerSure: true, Hit(Mobile, 0.5));

        await Decide(context);

        Assert.Null(context.DocumentKey);
        Assert.Equal(Refusal.OffTopic, context.Answer?.Refusal);
    }

    [Theory]
    [InlineData(true, Mobile)] // the bank is where the paper goes, not what is asked
    [InlineData(false, null)] // nothing vouches for a document: said plainly to be out of scope
    public async Task APlaceNamedAsContextIsNoRefusalWhenTheRankerIsSureOfADocumentWithoutExamples(bool rankerSure, string? expected)
    {
        var context = Context("ngân hàng bắt phải có giấy, cán bộ về tận bản làm cho con được không", rankerSure, Hit(Mobile, 0.3), Hit(Registration, 0.2));

        await Decide(context);

        Assert.Equal(expected, context.DocumentKey);
        Assert.Equal(expected is null ? Refusal.OffTopic : null, context.Answer?.Refusal);
    }

    private (KnowledgeBase Knowledge, KnowledgeIndex Index) Load()
    {
        var knowledge = KnowledgeLoader.Load(_knowledge.Root, TimeProvider.System);
        return (knowledge, KnowledgeIndex.Build(knowledge));
    }

    /// <summary>A question with these candidates, a classifier that finds nothing likely, and a ranker sure or not of anything.</summary>
    private AnswerContext Context(string question, bool rankerSure, params DocumentHit[] candidates)
    {
        var (knowledge, index) = Load();
        var weights = new double[CandidateRanker.FeatureNames.Count];
        weights[0] = rankerSure ? 8 : -8; // the bias alone: every candidate likely, or none
        var snapshot = new KnowledgeSnapshot(knowledge, index, Classifier: null, new Lazy<CandidateRanker>(() => CandidateRanker.FromWeights(weights)));
        return new AnswerContext(new Question(question, null, "test"), ConversationState.New, snapshot)
        {
            Candidates = candidates,
            Classification = [new LabelProbability(QuestionClassifier.None, 0.3), new LabelProbability(Registration, 0.25), new LabelProbability(Death, 0.2)],
        };
    }

    private static async Task Decide(AnswerContext context)
    {
        await new DecideStep(Options.Create(new AnsweringOptions())).InvokeAsync(context, CancellationToken.None);
        await new RankStep().InvokeAsync(context, CancellationToken.None);
    }

    private static DocumentHit Hit(string key, double score) => new(key, key, "", $"procedures/{key}.vi.md", score, Coverage: score);
}

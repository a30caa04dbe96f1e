using CitizenHelper.Answering.Pipeline;
using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Answering.Tests;

/// <summary>
/// A procedure nobody has written an example question for yet is found by its own names: the classifier, which learned
/// how citizens ask about the procedures that have examples, does not take its questions away to one of those unless
/// it is near certain. Against a procedure with examples, its usual confidence is enough.
/// </summary>
public sealed class UnexampledDocumentTests : IDisposable
{
    private const string Registration = "9.000001";
    private const string Mobile = "9.000002";
    private const string Question = "đăng ký khai sinh lưu động cho con cần giấy tờ gì";

    private readonly TestKnowledge _knowledge = new();

    public UnexampledDocumentTests()
    {
        _knowledge.WriteProcedure(Registration, "Đăng ký khai sinh", "Trong ngày");
        _knowledge.WriteProcedure(Mobile, "Đăng ký khai sinh lưu động", "Trong ngày");
    }

    public void Dispose() => _knowledge.Dispose();

    [Theory]
    [InlineData(0.7, Mobile)] // sure as it usually must be, yet not near certain: the name stands
    [InlineData(0.95, Registration)] // near certain: the classifier decides
    public async Task TheNameOfADocumentWithoutExamplesStandsUnlessTheClassifierIsNearCertain(double probability, string expected)
    {
        _knowledge.WriteExamples(("làm giấy khai sinh cho con cần giấy tờ gì", Registration));

        var decided = await DecideAsync(probability);

        Assert.Equal(expected, decided);
    }

    [Fact]
    public async Task AgainstADocumentWithExamplesTheClassifiersUsualConfidenceDecides()
    {
        _knowledge.WriteExamples(("làm giấy khai sinh cho con cần giấy tờ gì", Registration), ("cán bộ xuống tận nhà làm khai sinh", Mobile));

        var decided = await DecideAsync(0.7);

        Assert.Equal(Registration, decided);
    }

    /// <summary>What DecideStep picks when the name match says Mobile and the classifier Registration with this probability.</summary>
    private async Task<string?> DecideAsync(double probability)
    {
        var knowledge = KnowledgeLoader.Load(_knowledge.Root, TimeProvider.System);
        var snapshot = new KnowledgeSnapshot(knowledge, KnowledgeIndex.Build(knowledge), Classifier: null);
        var context = new AnswerContext(new Question(Question, null, "test"), ConversationState.New, snapshot)
        {
            Candidates = [Hit(Mobile, 0.8), Hit(Registration, 0.6)],
            Classification =
            [
                new LabelProbability(Registration, probability),
                new LabelProbability(Mobile, (1 - probability) * 0.8),
                new LabelProbability(QuestionClassifier.None, (1 - probability) * 0.2),
            ],
        };

        await new DecideStep(Options.Create(new AnsweringOptions())).InvokeAsync(context, CancellationToken.None);

        return context.DocumentKey;
    }

    private static DocumentHit Hit(string key, double score) => new(key, key, "", $"procedures/{key}.vi.md", score, Coverage: 1);
}

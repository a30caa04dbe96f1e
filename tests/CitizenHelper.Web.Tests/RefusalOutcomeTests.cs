using CitizenHelper.Answering;
using CitizenHelper.Bot;

namespace CitizenHelper.Web.Tests;

/// <summary>Refusals are recorded for the dashboard by their kind, within the outcome column's 16 characters.</summary>
public sealed class RefusalOutcomeTests
{
    [Theory]
    [InlineData(Refusal.Injection, "refused-inject")]
    [InlineData(Refusal.OthersData, "refused-data")]
    [InlineData(Refusal.OffTopic, "refused-offtopic")]
    [InlineData(Refusal.Wrongdoing, "refused-fraud")]
    public void RefusalIsRecordedByItsKind(Refusal refusal, string outcome)
    {
        var answer = new Answer { Outcome = AnswerOutcome.Escalated, Text = "", Language = "vi", Refusal = refusal };

        Assert.Equal(outcome, AnswerActivities.RecordedOutcome(answer));
        Assert.True(outcome.Length <= 16);
    }

    [Fact]
    public void AnswerWithoutRefusalIsRecordedByItsOutcome() =>
        Assert.Equal("answered", AnswerActivities.RecordedOutcome(new Answer { Outcome = AnswerOutcome.Answered, Text = "", Language = "vi" }));
}

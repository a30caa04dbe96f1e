namespace CitizenHelper.Answering.Tests;

public sealed class UnitAnswerTests : IDisposable
{
    private readonly Answerer _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("xã Tâm Thắng cũ giờ thuộc xã nào?")]
    [InlineData("xa tam thang bay gio lam giay to o dau")]
    public async Task MergedCommuneIsFoundByItsOldNameWithoutInventingAnAddress(string question)
    {
        var answer = await _bot.AskAsync(question);

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Contains("**Xã Cư Jút**", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Xã Tâm Thắng", answer.Text, StringComparison.Ordinal);
        Assert.Contains("- Địa chỉ: chưa có trong danh sách", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Dữ liệu mẫu", answer.Text, StringComparison.Ordinal);
        Assert.Equal("centers/sample.csv", Assert.Single(answer.Citations).DocumentPath);
    }

    [Fact]
    public async Task AProcedureQuestionThatNamesACommuneStillGetsTheProcedure()
    {
        var answer = await _bot.AskAsync("đăng ký khai sinh ở xã Tâm Thắng cần giấy tờ gì");

        Assert.Equal("1.001193", answer.ProcedureCode);
    }
}

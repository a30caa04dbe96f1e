namespace CitizenHelper.Answering.Tests;

/// <summary>What a citizen pastes after scanning a QR code on a procedure board: links and bare codes lead to the procedure.</summary>
public sealed class ScannedPayloadTests : IDisposable
{
    private readonly Answerer _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193", "1.001193")]
    [InlineData("https://tro-ly.example.gov.vn/?p=2.000815&mode=guided&lang=vi", "2.000815")]
    [InlineData("1.000894", "1.000894")]
    public async Task ProcedureCodeInAScannedPayloadOpensThatProcedure(string payload, string code)
    {
        var answer = await _bot.AskAsync(payload);

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Equal(code, answer.ProcedureCode);
    }

    [Theory]
    [InlineData("https://example.com/some/page?id=42")]
    [InlineData("9.999999")]
    public async Task UnknownPayloadIsNotGuessed(string payload)
    {
        var answer = await _bot.AskAsync(payload);

        Assert.NotEqual(AnswerOutcome.Answered, answer.Outcome);
        Assert.Null(answer.ProcedureCode);
    }
}

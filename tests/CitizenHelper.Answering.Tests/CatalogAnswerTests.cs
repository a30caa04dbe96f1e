namespace CitizenHelper.Answering.Tests;

/// <summary>With the national catalog loaded, the bot knows procedures it has no document for — without inventing their facts.</summary>
public sealed class CatalogAnswerTests : IDisposable
{
    private readonly Answerer _bot = new(catalogPath: RepositoryPaths.Catalog());

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task ProcedureOnlyInTheCatalogIsNamedWithItsAgencyAndPortalLink()
    {
        var answer = await _bot.AskAsync("thủ tục cấp giấy phép lái xe");

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Equal("3.000346", answer.ProcedureCode);
        Assert.Contains("Cơ quan giải quyết", answer.Text, StringComparison.Ordinal);
        Assert.Contains("chưa có hướng dẫn chi tiết", answer.Text, StringComparison.Ordinal);
        Assert.StartsWith("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/", Assert.Single(answer.Citations).Url.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogCodeIsRecognised()
    {
        var answer = await _bot.AskAsync("mã 3.000346 là thủ tục gì");

        Assert.Equal("3.000346", answer.ProcedureCode);
    }

    [Theory]
    [InlineData("Đăng ký khai sinh cần giấy tờ gì?", "1.001193")]
    [InlineData("lệ phí chứng thực bản sao", "2.000815")]
    [InlineData("nhập hộ khẩu cho con", "1.004222")]
    public async Task OurOwnDocumentsStillWin(string question, string code)
    {
        var answer = await _bot.AskAsync(question);

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Equal(code, answer.ProcedureCode);
    }
}

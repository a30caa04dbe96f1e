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

    /// <summary>
    /// eval/catalog.tsv: passports, driving licences, vehicle registration, company registration, criminal record,
    /// social insurance… asked in Vietnamese with and without diacritics and in English. Each is answered with the
    /// catalog entry of the procedure meant, not handed to staff.
    /// </summary>
    [Fact]
    public async Task QuestionsAboutOtherOfficesProceduresAreAnsweredWithTheRightCatalogEntry()
    {
        var questions = CitizenHelper.Eval.Evaluator.Read(Path.Combine(Path.GetDirectoryName(RepositoryPaths.Knowledge())!, "eval", "catalog.tsv"));
        var misses = new List<string>();
        foreach (var question in questions)
        {
            using var bot = new Answerer(catalogPath: RepositoryPaths.Catalog());
            var answer = await bot.AskAsync(question.Question);
            if (answer.Outcome != AnswerOutcome.Answered || answer.ProcedureCode != question.Expected)
            {
                misses.Add($"{question.Id} \"{question.Question}\": {answer.Outcome} {answer.ProcedureCode}, expected {question.Expected}");
            }
        }

        Assert.True(questions.Count >= 30, $"only {questions.Count} questions");
        Assert.Empty(misses);
    }

    [Fact]
    public async Task CardSaysWhoHandlesItHowToSubmitAndTheCatalogsDateWithoutFeesOrTimes()
    {
        var answer = await _bot.AskAsync("làm hộ chiếu ở đâu");

        Assert.Equal("1.001456", answer.ProcedureCode);
        Assert.Contains("Cơ quan giải quyết: Công an cấp Tỉnh", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Cách nộp:", answer.Text, StringComparison.Ordinal);
        Assert.Contains("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/", answer.Text, StringComparison.Ordinal);
        Assert.Contains("thu thập ngày 18/07/2026", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Trung tâm Phục vụ hành chính công của xã", answer.Text, StringComparison.Ordinal); // no record says so
        Assert.DoesNotContain("đồng", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACommuneLevelRecordIsAnsweredFromItsDocumentNotACard()
    {
        var answer = await _bot.AskAsync("Đăng ký kết hôn với người nước ngoài làm ở đâu?");

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Equal("2.000806", answer.ProcedureCode);
        Assert.Equal("procedures/2.000806.vi.md", Assert.Single(answer.Citations).DocumentPath);
        Assert.DoesNotContain("chưa có hướng dẫn chi tiết", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARecordOfAProvincialProcedureAddsItsLevelAndAgency()
    {
        var answer = await _bot.AskAsync("Đăng ký thành lập doanh nghiệp tư nhân");

        Assert.Equal("2.001610", answer.ProcedureCode);
        Assert.Contains("Theo hồ sơ thủ tục trên Cổng [1]: thực hiện ở cấp tỉnh", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnglishQuestionsGetAnEnglishCard()
    {
        var answer = await _bot.AskAsync("Where do I get a criminal record certificate?");

        Assert.Equal("3.000333", answer.ProcedureCode);
        Assert.Contains("How to submit", answer.Text, StringComparison.Ordinal);
        Assert.Contains("collected 2026-07-18", answer.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("làm bằng lái xe giả ở đâu")]
    [InlineData("chạy tiền để lấy hộ chiếu nhanh")]
    [InlineData("Can I pay a bribe to get my driving licence faster?")]
    public async Task ForgeryAndBriberyAreNeverAnsweredWithACard(string question)
    {
        var answer = await _bot.AskAsync(question);

        Assert.NotEqual(AnswerOutcome.Answered, answer.Outcome);
    }

    [Fact]
    public async Task ANationalCatalogCardGivesWayToTheProvincesDocumentsWeHold()
    {
        // The national version is only a catalog card (no facts); Đắk Lắk's own version is a document of ours.
        const string question = "tổ chức kinh tế nhận chuyển nhượng quyền sử dụng đất để thực hiện dự án đầu tư";
        var asked = await _bot.AskAsync(question);
        Assert.Equal(AnswerOutcome.Clarify, asked.Outcome);
        Assert.Contains("Đắk Lắk", asked.Suggestions.Select(s => s.Title));

        using var other = new Answerer(catalogPath: RepositoryPaths.Catalog());
        var provincial = await other.AskAsync($"{question} ở Đắk Lắk");
        Assert.Equal(AnswerOutcome.Answered, provincial.Outcome);
        Assert.Equal("1.115329", provincial.ProcedureCode);
        Assert.Contains("Đắk Lắk", provincial.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACatalogProcedureOnlyProvincesPublishIsAskedByProvinceThenAnswered()
    {
        var asked = await _bot.AskAsync("điều chỉnh quyết định giao đất, cho thuê đất, cho phép chuyển mục đích sử dụng đất");
        Assert.Equal(AnswerOutcome.Clarify, asked.Outcome);
        Assert.Contains("Lạng Sơn", asked.Suggestions.Select(s => s.Title));
        Assert.Contains("Thanh Hóa", asked.Suggestions.Select(s => s.Title));

        var picked = await _bot.AskAsync("Lạng Sơn");

        // Lạng Sơn publishes it as "… sử dụng đất (cấp xã)": the same procedure, and a document of ours with its facts,
        // so it is answered rather than Lạng Sơn's catalog card of the same title (1.115710).
        Assert.Equal(AnswerOutcome.Answered, picked.Outcome);
        Assert.Equal("1.115747", picked.ProcedureCode);
        Assert.Contains("Lạng Sơn", picked.Text, StringComparison.Ordinal);
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

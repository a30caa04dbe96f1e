using CitizenHelper.Answering.Understanding;

namespace CitizenHelper.Answering.Tests;

/// <summary>
/// Each turn either continues the procedure under discussion or names another: turn 1 → turn 2 → what turn 2 must
/// answer. A new procedure, a correction or a topic nobody answers never gets the previous topic's answer.
/// </summary>
public sealed class ConversationTopicTests : IDisposable
{
    // With the national catalog, as the service runs by default: a move to another office's procedure gets its card.
    private readonly Answerer _bot = new(catalogPath: RepositoryPaths.Catalog());

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("Đăng ký tạm trú nộp ở đâu?", "lệ phí bao nhiêu?", "1.004194", "vi")]
    [InlineData("Thủ tục đăng ký kết hôn thế nào?", "mất mấy ngày", "1.000894", "vi")]
    [InlineData("My grandmother passed away. How do I register her death?", "how long does it take?", "1.000656", "en")]
    [InlineData("Làm thẻ căn cước lần đầu ở đâu?", "cần giấy tờ gì", "1.014061", "vi")]
    [InlineData("Làm giấy khai sinh cho con cần những gì?", "thế còn cho con thứ hai?", "1.001193", "vi")]
    [InlineData("Đăng ký tạm trú nộp ở đâu?", "How much is the fee?", "1.004194", "en")]
    public async Task AFollowUpNamingNothingElseContinuesTheProcedure(string first, string second, string code, string language)
    {
        await _bot.AskAsync(first);

        var answer = await _bot.AskAsync(second);

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Equal(code, answer.ProcedureCode);
        Assert.Equal(language, answer.Language);
    }

    [Theory]
    [InlineData("Đăng ký tạm trú nộp ở đâu?", "How do I register the death of my father?", "1.000656", "en")]
    [InlineData("Làm giấy khai sinh cho con cần những gì?", "còn thủ tục khai tử thì sao?", "1.000656", "vi")]
    [InlineData("Thủ tục đăng ký kết hôn thế nào?", "Đăng ký khai sinh cho con cần gì?", "1.001193", "vi")]
    [InlineData("Làm thẻ căn cước lần đầu ở đâu?", "Còn làm hộ chiếu thì ở đâu?", "1.001456", "vi")]
    [InlineData("Đăng ký thường trú cần giấy tờ gì?", "còn đổi bằng lái xe thì cần giấy tờ gì", "3.000347", "vi")]
    [InlineData("How can I get a certificate of single status?", "How much does a passport cost?", "1.001456", "en")]
    public async Task AQuestionNamingAnotherProcedureMovesToIt(string first, string second, string code, string language)
    {
        await _bot.AskAsync(first);

        var answer = await _bot.AskAsync(second);

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Equal(code, answer.ProcedureCode);
        Assert.Equal(language, answer.Language);
    }

    [Theory]
    [InlineData("Thủ tục đăng ký kết hôn thế nào?", "thế đơn phương ly hôn thì nộp đơn ở đâu")]
    [InlineData("Thủ tục đăng ký kết hôn thế nào?", "còn ly hôn thì lệ phí bao nhiêu")]
    [InlineData("How do we register our marriage? We are both Vietnamese citizens living in Vietnam.", "And how long does a divorce take?")]
    [InlineData("Thủ tục đăng ký kết hôn thế nào?", "còn xem ngày tốt để cưới thì sao")]
    [InlineData("Làm giấy khai sinh cho con cần những gì?", "thế nhận con nuôi cần giấy tờ gì")]
    public async Task AQuestionNoDocumentAnswersIsNotAnsweredFromThePreviousTopic(string first, string second)
    {
        var before = await _bot.AskAsync(first);

        var answer = await _bot.AskAsync(second);

        Assert.NotEqual(AnswerOutcome.Answered, answer.Outcome);
        Assert.NotEqual(before.ProcedureCode, answer.ProcedureCode);
    }

    [Theory]
    [InlineData("Làm giấy khai sinh cho con cần những gì?", "không phải, ý tôi là đăng ký khai tử", "1.000656")]
    [InlineData("Đăng ký tạm trú nộp ở đâu?", "nhầm, tôi hỏi về đăng ký thường trú", "1.004222")]
    [InlineData("How do I register permanent residence at my new house?", "No, I meant temporary residence", "1.004194")]
    [InlineData("Làm thẻ căn cước lần đầu ở đâu?", "không phải, tôi hỏi làm hộ chiếu", "1.001456")]
    public async Task ACorrectionNamingAProcedureMovesToIt(string first, string correction, string code)
    {
        await _bot.AskAsync(first);

        var answer = await _bot.AskAsync(correction);

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Equal(code, answer.ProcedureCode);
    }

    [Theory]
    [InlineData("Đăng ký tạm trú nộp ở đâu?", "không phải cái đó")]
    [InlineData("Đăng ký tạm trú nộp ở đâu?", "không phải")]
    [InlineData("How do I register permanent residence at my new house?", "no, not that one")]
    public async Task ACorrectionNamingNothingAsksWhichOtherProcedureWasMeant(string first, string correction)
    {
        var before = await _bot.AskAsync(first);

        var answer = await _bot.AskAsync(correction);

        Assert.Equal(AnswerOutcome.Clarify, answer.Outcome);
        Assert.NotEmpty(answer.Suggestions);
        Assert.DoesNotContain(_bot.State.PendingChoices, key => key == before.ProcedureCode);
        Assert.Null(_bot.State.DocumentKey);
    }

    [Fact]
    public async Task ChoosingAnOfferedAlternativeAfterACorrectionAnswersIt()
    {
        await _bot.AskAsync("Đăng ký tạm trú nộp ở đâu?");
        var question = await _bot.AskAsync("không phải cái đó");
        var choice = question.Suggestions[0].Value;
        var offered = _bot.State.PendingChoices[0];

        var answer = await _bot.AskAsync(choice);

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Equal(offered, answer.ProcedureCode);
    }

    [Theory]
    [InlineData("xin chào, tôi muốn làm lại sổ hộ khẩu bị mất", "tôi muốn làm lại sổ hộ khẩu bị mất")]
    [InlineData("chào bạn, cho hỏi đăng ký khai sinh cần gì", "cho hỏi đăng ký khai sinh cần gì")]
    [InlineData("Hello, how do I register my temporary residence?", "how do I register my temporary residence?")]
    [InlineData("Hi! My grandmother passed away, how do I register her death?", "My grandmother passed away, how do I register her death?")]
    public async Task AGreetingInFrontOfAQuestionChangesNothing(string greeted, string alone)
    {
        using var other = new Answerer(catalogPath: RepositoryPaths.Catalog());
        var expected = await other.AskAsync(alone);

        var answer = await _bot.AskAsync(greeted);

        Assert.NotEqual(AnswerOutcome.SmallTalk, answer.Outcome);
        Assert.Equal(expected.Outcome, answer.Outcome);
        Assert.Equal(expected.ProcedureCode, answer.ProcedureCode);
        Assert.Equal(expected.Text, answer.Text);
    }

    [Theory]
    [InlineData("xin chào")]
    [InlineData("Hello!")]
    [InlineData("chào bạn ạ")]
    public async Task AGreetingAloneIsAnsweredAsOne(string text)
    {
        var answer = await _bot.AskAsync(text);

        Assert.Equal(AnswerOutcome.SmallTalk, answer.Outcome);
    }

    [Theory]
    [InlineData("xin chào, tôi muốn làm lại sổ hộ khẩu", "tôi muốn làm lại sổ hộ khẩu")]
    [InlineData("Chào anh chị, em hỏi chút", "em hỏi chút")]
    [InlineData("Good morning, how do I apply?", "how do I apply?")]
    [InlineData("hi", "hi")]
    [InlineData("hiện tại tôi ở đâu", "hiện tại tôi ở đâu")]
    [InlineData("tôi chào anh, cho hỏi", "tôi chào anh, cho hỏi")]
    public void OnlyAGreetingInFrontIsTakenOff(string text, string rest) => Assert.Equal(rest, SmallTalk.WithoutGreeting(text));

    [Theory]
    [InlineData("không phải, ý tôi là khai tử", true)]
    [InlineData("nhầm, tôi hỏi về tạm vắng", true)]
    [InlineData("No, I meant a passport", true)]
    [InlineData("không phải cái đó", true)]
    [InlineData("không phải nộp lệ phí à?", false)]
    [InlineData("có phải nộp bản chính không", false)]
    [InlineData("lệ phí bao nhiêu", false)]
    public void ACorrectionIsToldFromAQuestionUsingTheSameWords(string text, bool correction) =>
        Assert.Equal(correction, Corrections.Detect(text));
}

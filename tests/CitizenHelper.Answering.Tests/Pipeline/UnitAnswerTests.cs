namespace CitizenHelper.Answering.Tests;

public sealed class UnitAnswerTests : IDisposable
{
    private readonly Answerer _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("xã Tâm Thắng cũ giờ thuộc xã nào?")]
    [InlineData("xa tam thang bay gio lam giay to o dau")]
    public async Task MergedCommuneIsFoundByItsOldNameWithItsPublishedSeatAndNoInventedPhone(string question)
    {
        var answer = await _bot.AskAsync(question);

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Contains("**Xã Cư Jút**", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Xã Tâm Thắng", answer.Text, StringComparison.Ordinal);
        Assert.Contains("- Địa chỉ: Thị trấn Ea Tling (trụ sở Ủy ban nhân dân đã được công bố", answer.Text, StringComparison.Ordinal);
        Assert.Contains("- Điện thoại: chưa được công bố", answer.Text, StringComparison.Ordinal);
        Assert.Equal(["centers/sample.csv", "units/units-2025.csv.gz"], answer.Citations.Select(c => c.DocumentPath));
    }

    [Fact]
    public async Task AProcedureQuestionThatNamesACommuneStillGetsTheProcedure()
    {
        var answer = await _bot.AskAsync("đăng ký khai sinh ở xã Tâm Thắng cần giấy tờ gì");

        Assert.Equal("1.001193", answer.ProcedureCode);
    }

    [Theory]
    [InlineData("tôi ở xã Tâm Thắng cũ (huyện Cư Jút, tỉnh Đắk Nông)")]
    [InlineData("xa tam thang huyen cu jut")]
    [InlineData("Tâm Thắng cũ")]
    public async Task AFormerCommuneWithOrWithoutDiacriticsAndDistrictIsTodaysCommuneWithItsCenter(string question)
    {
        // With the national catalog, as the service runs by default (without it a bare "Tâm Thắng cũ" is asked about
        // among weak procedure matches first).
        using var bot = new Answerer(catalogPath: RepositoryPaths.Catalog());
        var answer = await bot.AskAsync(question);

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Contains("Xã Tâm Thắng (Huyện Cư Jút, Tỉnh Đắk Nông) đã được sáp nhập", answer.Text, StringComparison.Ordinal);
        Assert.Contains("**Xã Cư Jút** (Tỉnh Lâm Đồng)", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Trung tâm Phục vụ hành chính công xã Cư Jút", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEnglishQuestionAboutAFormerCommuneIsAnsweredInEnglish()
    {
        var answer = await _bot.AskAsync("I am from former Tam Thang commune, Cu Jut district. Where do I apply now?");

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Contains("was merged on 1 July 2025 into **Xã Cư Jút**", answer.Text, StringComparison.Ordinal);
        Assert.Contains("the published seat of the People's Committee", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADividedFormerWardAsksWhichPartAndTheButtonSettlesIt()
    {
        var question = await _bot.AskAsync("phường Cống Vị cũ giờ thuộc đâu");

        Assert.Equal(AnswerOutcome.Clarify, question.Outcome);
        Assert.Contains("đã được chia cho 2 đơn vị mới", question.Text, StringComparison.Ordinal);
        Assert.Equal(["Phường Giảng Võ (Thành phố Hà Nội)", "Phường Ngọc Hà (Thành phố Hà Nội)"], question.Suggestions.Select(s => s.Title).Order());

        var answer = await _bot.AskAsync(question.Suggestions.Single(s => s.Title.StartsWith("Phường Giảng Võ", StringComparison.Ordinal)).Value);

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Contains("**Phường Giảng Võ** (Thành phố Hà Nội)", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Số 525, phố Kim Mã, phường Giảng Võ", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANameFoundInManyProvincesAsksWhichUnlessTheDistrictOrProvinceSettlesIt()
    {
        var question = await _bot.AskAsync("xã Tân Phú cũ");
        var settled = await _bot.AskAsync("xã Tân Phú cũ, huyện Tân Kỳ, tỉnh Nghệ An");
        var current = await _bot.AskAsync("xa tan phu tinh dong nai");

        Assert.Equal(AnswerOutcome.Clarify, question.Outcome);
        Assert.Contains("Có 13 nơi tên Xã Tân Phú", question.Text, StringComparison.Ordinal);
        Assert.Equal(10, question.Suggestions.Count);
        Assert.Contains("**Xã Tân Phú** (Tỉnh Nghệ An)", settled.Text, StringComparison.Ordinal);
        Assert.Contains("**Xã Tân Phú** (Tỉnh Đồng Nai)", current.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryButtonOfAChoiceLeadsToAnAnswerOrANarrowerChoice()
    {
        var question = await _bot.AskAsync("xã Tân Phú");

        Assert.Equal(AnswerOutcome.Clarify, question.Outcome);
        foreach (var button in question.Suggestions)
        {
            var next = await _bot.AskAsync(button.Value);
            Assert.True(next.Outcome == AnswerOutcome.Answered || (next.Outcome == AnswerOutcome.Clarify && next.Suggestions.Count < question.Suggestions.Count), $"{button.Value}: {next.Text}");
        }
    }

    [Theory]
    [InlineData("giờ làm việc của trung tâm xã Cư Jút", "Giờ làm việc của Trung tâm Phục vụ hành chính công xã Cư Jút chưa được công bố")]
    [InlineData("số điện thoại trung tâm hành chính công phường Giảng Võ", "Số điện thoại của Trung tâm Phục vụ hành chính công phường Giảng Võ chưa được công bố")]
    [InlineData("what are the opening hours of Giang Vo ward center?", "The opening hours of Trung tâm Phục vụ hành chính công phường Giảng Võ are not published")]
    public async Task HoursAndPhoneAreSaidToBeUnpublishedWithTheSeatWhenStaffGaveNone(string question, string expected)
    {
        var answer = await _bot.AskAsync(question);

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Contains(expected, answer.Text, StringComparison.Ordinal);
        Assert.Contains("trụ sở Ủy ban nhân dân", answer.Text.Replace("seat of the commune People's Committee", "trụ sở Ủy ban nhân dân", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}

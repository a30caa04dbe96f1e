using CitizenHelper.Knowledge;

namespace CitizenHelper.Answering.Tests;

/// <summary>
/// Two provinces publish their own version of one procedure under the same title (documents with <c>province</c>):
/// the citizen's province picks one, else the national version, else the bot asks which province.
/// </summary>
public sealed class ProvinceStepSpecs : IDisposable
{
    private const string Title = "Cấp đổi giấy chứng nhận quyền sử dụng đất";
    private readonly TestKnowledge _kb = new();

    public ProvinceStepSpecs()
    {
        _kb.WriteProcedure("1.900001", Title, "10 ngày làm việc", province: "Lạng Sơn");
        _kb.WriteProcedure("1.900002", Title, "7 ngày làm việc", province: "Tỉnh Đồng Tháp");
        _kb.WriteProcedure("1.001193", "Đăng ký khai sinh", "Trong ngày");
    }

    public void Dispose() => _kb.Dispose();

    [Fact]
    public async Task WithoutAProvinceTheBotAsksWhichOneWithAButtonPerProvince()
    {
        using var bot = new Answerer(_kb.Root);

        var answer = await bot.AskAsync("cấp đổi giấy chứng nhận quyền sử dụng đất cần gì");

        Assert.Equal(AnswerOutcome.Clarify, answer.Outcome);
        Assert.Contains("tỉnh, thành phố nào", answer.Text, StringComparison.Ordinal);
        Assert.Equal(["Đồng Tháp", "Lạng Sơn"], answer.Suggestions.Select(s => s.Title));
    }

    [Theory]
    [InlineData("Lạng Sơn", "1.900001")]
    [InlineData("dong thap", "1.900002")]
    public async Task TheReplyNamingAProvincePicksItsVersion(string reply, string code)
    {
        using var bot = new Answerer(_kb.Root);
        await bot.AskAsync("cấp đổi giấy chứng nhận quyền sử dụng đất cần gì");

        var answer = await bot.AskAsync(reply);

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Equal(code, answer.ProcedureCode);
        Assert.Equal(SectionIds.Documents, Assert.Single(answer.Facets));
    }

    [Fact]
    public async Task AProvinceNamedInTheQuestionPicksItsVersion()
    {
        using var bot = new Answerer(_kb.Root);

        var answer = await bot.AskAsync("tôi ở Đồng Tháp, cấp đổi giấy chứng nhận quyền sử dụng đất mất bao lâu");

        Assert.Equal("1.900002", answer.ProcedureCode);
        Assert.Contains("7 ngày", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProvinceNamedEarlierInTheConversationPicksItsVersion()
    {
        using var bot = new Answerer(_kb.Root);
        await bot.AskAsync("Đăng ký khai sinh ở Lạng Sơn cần gì");

        var answer = await bot.AskAsync("còn cấp đổi giấy chứng nhận quyền sử dụng đất thì sao");

        Assert.Equal("1.900001", answer.ProcedureCode);
    }

    [Fact]
    public async Task ACommuneNamedPicksItsProvincesVersion()
    {
        _kb.WriteCommune("Xã Tân Hồng", "Đồng Tháp");
        using var bot = new Answerer(_kb.Root);

        var answer = await bot.AskAsync("cấp đổi giấy chứng nhận quyền sử dụng đất ở xã Tân Hồng");

        Assert.Equal("1.900002", answer.ProcedureCode);
    }

    [Fact]
    public async Task WithoutAProvinceTheNationalVersionIsPreferred()
    {
        _kb.WriteProcedure("1.900003", Title, "15 ngày làm việc");
        using var bot = new Answerer(_kb.Root);

        var answer = await bot.AskAsync("cấp đổi giấy chứng nhận quyền sử dụng đất cần gì");

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Equal("1.900003", answer.ProcedureCode);
    }

    [Fact]
    public async Task AProvinceWithoutItsOwnVersionGetsTheNationalOne()
    {
        _kb.WriteProcedure("1.900003", Title, "15 ngày làm việc");
        using var bot = new Answerer(_kb.Root);

        var answer = await bot.AskAsync("ở Cao Bằng cấp đổi giấy chứng nhận quyền sử dụng đất cần gì");

        Assert.Equal("1.900003", answer.ProcedureCode);
    }
}

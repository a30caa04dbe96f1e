using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Answering.Text;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Answering.Tests;

/// <summary>The knowledge base with the national catalog, loaded once for the typed-input specs.</summary>
public sealed class TypedInputKnowledge : IDisposable
{
    public TypedInputKnowledge()
    {
        Base = KnowledgeLoader.Load(RepositoryPaths.Knowledge(), TimeProvider.System, RepositoryPaths.Catalog());
        Index = KnowledgeIndex.Build(Base);
        Bot = new Answerer(catalogPath: RepositoryPaths.Catalog());
    }

    public KnowledgeBase Base { get; }
    public KnowledgeIndex Index { get; }
    internal Answerer Bot { get; }

    /// <summary>A question asked at the start of a new conversation.</summary>
    public async Task<Answer> AskFreshAsync(string text) =>
        (await Bot.Pipeline.AnswerAsync(new Question(text, null, "typed"), ConversationState.New, CancellationToken.None)).Answer;

    public void Dispose() => Bot.Dispose();
}

/// <summary>Questions as citizens type them: input method left off, chat shorthand, codes and pasted links.</summary>
public sealed class TypedInputTests(TypedInputKnowledge knowledge) : IClassFixture<TypedInputKnowledge>
{
    [Theory]
    [InlineData("dangw", "dang")]
    [InlineData("ddawng", "dang")]
    [InlineData("kys", "ky")]
    [InlineData("kis", "ki")]
    [InlineData("sinhf", "sinh")]
    [InlineData("giaays", "giay")]
    [InlineData("towf", "to")]
    [InlineData("chungws", "chung")]
    [InlineData("hoj", "ho")]
    [InlineData("khaaur", "khau")]
    [InlineData("laf", "la")]
    [InlineData("cuar", "cua")]
    [InlineData("thuwowngf", "thuong")]
    [InlineData("nguowif", "nguoi")]
    [InlineData("truss", "tru")]
    [InlineData("owr", "o")]
    [InlineData("d9a8ng", "dang")]
    [InlineData("ky1", "ky")]
    [InlineData("kha1i", "khai")]
    [InlineData("gia6y", "giay")]
    [InlineData("to72", "to")]
    [InlineData("ke61t", "ket")]
    [InlineData("khia", "khai")]
    public void TelexAndVniLeftoversAreRepairedToTheSyllableMeant(string typed, string meant) =>
        Assert.Equal(meant, TypedInput.RepairWord(typed, knowledge.Index.Knows));

    [Theory]
    [InlineData("kt3")]
    [InlineData("cccd")]
    [InlineData("dkks")]
    [InlineData("ks")]
    [InlineData("was")]
    [InlineData("is")]
    [InlineData("does")]
    [InlineData("form")]
    [InlineData("papers")]
    [InlineData("visa")]
    [InlineData("2025")]
    [InlineData("a1")]
    [InlineData("b2")]
    [InlineData("sinh")]
    [InlineData("khai")]
    public void WordsThatAreNoInputMethodSlipStayAsTyped(string typed) =>
        Assert.Null(TypedInput.RepairWord(typed, knowledge.Index.Knows));

    [Fact]
    public void CodesLinksAndNumbersInATextAreLeftAlone()
    {
        const string text = "mã 1.001193 (https://dichvucong.gov.vn/p/home/x.html?ma_thu_tuc=1.001193) hạng a1, lệ phí 8.000 đồng";

        Assert.Equal(text, TypedInput.Repair(text, knowledge.Index.Knows));
    }

    [Fact]
    public void RepairKeepsPunctuationAroundTheWord() =>
        Assert.Equal("dang ky khai sinh?", TypedInput.Repair("dangw kys khai sinhf?", knowledge.Index.Knows));

    [Theory]
    [InlineData("lam kt cho ba noi", "khai tu")]
    [InlineData("giay kt cua ong", "khai tu")]
    [InlineData("dk ks cho con", "dang ky khai sinh")]
    [InlineData("nhap hk cho vo", "ho khau")]
    [InlineData("can gt gi", "giay to")]
    public void ChatShorthandIsSpelledOut(string typed, string meant) =>
        Assert.Contains($" {meant} ", QueryText.Padded(typed), StringComparison.Ordinal);

    [Fact]
    public void KtAwayFromDeathRegistrationIsNotReadAsKhaiTu() =>
        Assert.DoesNotContain(" khai tu ", QueryText.Padded("kt3 la gi"), StringComparison.Ordinal);

    /// <summary>Every procedure the knowledge base has (documents and the national catalog) is found by its code, written or in a link.</summary>
    [Fact]
    public void EveryKnownCodeIsFoundWrittenOrInALink()
    {
        var codes = knowledge.Base.Catalog.Select(c => c.Code).Concat(knowledge.Base.Codes).Distinct().ToList();
        var misses = new List<string>();
        foreach (var code in codes)
        {
            string[] texts =
            [
                code,
                $"thủ tục {code} cần giấy tờ gì",
                $"ma {code}",
                $"https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}",
                $"https://citizenhelper.example.gov.vn/?p={code}&mode=guided&lang=vi",
            ];
            if (texts.FirstOrDefault(t => ProcedureCodes.Find(t, knowledge.Base) is not [var found] || found != code) is { } miss)
            {
                misses.Add(miss);
            }
        }

        Assert.True(codes.Count > 5600, $"only {codes.Count} codes");
        Assert.Empty(misses);
    }

    [Fact]
    public void EveryCatalogPortalPageLinkNamesItsCode()
    {
        var misses = knowledge.Base.Catalog
            .Where(c => ProcedureCodes.Find($"xem giúp {c.PortalUrl}", knowledge.Base) is not [var found] || found != c.Code)
            .Select(c => c.Code)
            .ToList();

        Assert.Empty(misses);
    }

    [Theory]
    [InlineData("1.999999")]
    [InlineData("11.001193")]
    [InlineData("1.0011934")]
    [InlineData("lệ phí 1.000.000 đồng")]
    public void UnknownOrMalformedCodesNameNoProcedure(string text) =>
        Assert.Empty(ProcedureCodes.Find(text, knowledge.Base));

    [Theory]
    [InlineData("dangw kys khai sinh cho con can giay gi", "1.001193")]
    [InlineData("giaays towf ddangw kys kets hoon", "1.000894")]
    [InlineData("ddawng kys tamj truss can gi", "1.004194")]
    [InlineData("hoj khaaur chuyeenr ddi thif lamf sao", "1.004222")]
    [InlineData("d9a8ng ky1 ke61t ho6n o73 d9a6u", "1.000894")]
    [InlineData("gia6y to72 d9a8ng ky1 ta5m tru1", "1.004194")]
    [InlineData("dk ks cho con o dau", "1.001193")]
    [InlineData("lam kt cho ba noi moi mat", "1.000656")]
    [InlineData("khia sinh cho con can giay gi", "1.001193")]
    [InlineData("thủ tục 1.001193", "1.001193")]
    [InlineData("ma 1.000894 can giay to gi", "1.000894")]
    [InlineData("mã thủ tục 1.001456", "1.001456")]
    [InlineData("2.001655", "2.001655")]
    [InlineData("dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.000894 cần gì", "1.000894")]
    [InlineData("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7", "1.001193")]
    public async Task TypedQuestionIsAnsweredWithTheProcedureMeant(string typed, string expected)
    {
        var answer = await knowledge.AskFreshAsync(typed);

        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Equal(expected, answer.ProcedureCode);
    }

    [Theory]
    [InlineData("mã 1.999999")]
    [InlineData("thủ tục 9.123456 cần gì")]
    public async Task CodeNoProcedureHasGoesToStaffInsteadOfAGuess(string typed)
    {
        var answer = await knowledge.AskFreshAsync(typed);

        Assert.Equal(AnswerOutcome.Escalated, answer.Outcome);
        Assert.Null(answer.ProcedureCode);
    }
}

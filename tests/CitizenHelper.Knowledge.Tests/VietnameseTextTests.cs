using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Knowledge.Tests;

public sealed class VietnameseTextTests
{
    [Theory]
    [InlineData("Đăng ký khai sinh", "dang ky khai sinh")]
    [InlineData("dang ky khai sinh", "dang ky khai sinh")]
    [InlineData("ĐĂNG KÝ KẾT HÔN?", "dang ky ket hon")]
    [InlineData("  lệ phí,   chứng thực!! ", "le phi chung thuc")]
    [InlineData("Hòa và Hoà", "hoa va hoa")]
    public void FoldRemovesDiacriticsCaseAndPunctuation(string text, string expected) =>
        Assert.Equal(expected, VietnameseText.Fold(text));

    [Fact]
    public void FoldTreatsComposedAndDecomposedTheSame()
    {
        var composed = "Thủ tục";
        var decomposed = composed.Normalize(System.Text.NormalizationForm.FormD);
        Assert.NotEqual(composed, decomposed);
        Assert.Equal(VietnameseText.Fold(composed), VietnameseText.Fold(decomposed));
    }

    [Fact]
    public void ProcedureCodesAreFoundInText() =>
        Assert.Equal(["1.001193", "2.000815"], VietnameseText.ProcedureCodes("mã 1.001193 và 2.000815, không phải 1.2"));

    [Theory]
    [InlineData("đăng ký", true)]
    [InlineData("dang ky", false)]
    [InlineData("Đ", true)]
    [InlineData("marriage", false)]
    public void VietnameseMarksAreDetected(string text, bool expected) =>
        Assert.Equal(expected, VietnameseText.HasVietnameseMarks(text));
}

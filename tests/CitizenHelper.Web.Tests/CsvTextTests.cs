using CitizenHelper.Web.Staff;

namespace CitizenHelper.Web.Tests;

/// <summary>Every exported field is safe to open in a spreadsheet: no formula runs, no field spills into another.</summary>
public sealed class CsvTextTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example/\",\"x\")", "\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"x\"\")\"")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A2)", "'@SUM(A1:A2)")]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("\r=1+1", "\"'\r=1+1\"")]
    [InlineData("Xã Cư Jút, Lâm Đồng", "\"Xã Cư Jút, Lâm Đồng\"")]
    [InlineData("a\nb", "\"a\nb\"")]
    [InlineData("1.001193", "1.001193")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void AFieldIsEscapedAgainstFormulasAndQuotedWhenNeeded(string? value, string expected) =>
        Assert.Equal(expected, CsvText.Field(value));

    [Fact]
    public void ARowEscapesEveryField() =>
        Assert.Equal("CH-ABC123,'=1+1,,'@x\n", CsvText.Row("CH-ABC123", "=1+1", null, "@x"));
}

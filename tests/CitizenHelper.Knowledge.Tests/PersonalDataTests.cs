using CitizenHelper.Knowledge.Text;

namespace CitizenHelper.Knowledge.Tests;

public sealed class PersonalDataTests
{
    [Theory]
    [InlineData("CCCD của tôi là 001203004567", "CCCD của tôi là [số định danh]")]
    [InlineData("số 0012 0300 4567 nhé", "số [số định danh] nhé")]
    [InlineData("CMND 123456789", "CMND [số định danh]")]
    [InlineData("gọi 0912345678 giúp", "gọi [số điện thoại] giúp")]
    [InlineData("gọi 091 234 5678", "gọi [số điện thoại]")]
    [InlineData("call +84 912 345 678", "call [số điện thoại]")]
    [InlineData("email an.nguyen@example.vn", "email [email]")]
    public void IdentifiersAreRedacted(string text, string expected) =>
        Assert.Equal(expected, PersonalData.Redact(text));

    [Theory]
    [InlineData("lệ phí 8.000 đồng, 2.000 đồng/trang")]
    [InlineData("thủ tục 1.001193 trong 60 ngày")]
    [InlineData("Nghị định 123/2015/NĐ-CP")]
    public void OrdinaryNumbersAreKept(string text) =>
        Assert.Equal(text, PersonalData.Redact(text));
}

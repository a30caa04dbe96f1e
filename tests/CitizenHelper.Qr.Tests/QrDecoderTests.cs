using CitizenHelper.Qr.Decoding;
using CitizenHelper.Qr.Tests.Support;
using QRCoder;

namespace CitizenHelper.Qr.Tests;

/// <summary>The managed decoder against codes made by QRCoder: every version we need, every level, and photo-like frames.</summary>
public sealed class QrDecoderTests
{
    [Theory]
    [InlineData("1.001193", QRCodeGenerator.ECCLevel.L)]
    [InlineData("000.00.00.M01-261118-0002", QRCodeGenerator.ECCLevel.M)]
    [InlineData("HTTPS://DICHVUCONG.GOV.VN/P/HOME/1.001193", QRCodeGenerator.ECCLevel.Q)]
    [InlineData("https://tro-ly.example.gov.vn/?p=1.001193&mode=guided&lang=vi", QRCodeGenerator.ECCLevel.H)]
    [InlineData("https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193&lang=vi", QRCodeGenerator.ECCLevel.H)]
    [InlineData("Đăng ký khai sinh – xã Lạc Dương", QRCodeGenerator.ECCLevel.M)]
    [InlineData("0123456789012345678901234567890123456789", QRCodeGenerator.ECCLevel.H)]
    public void CleanCodesOfEveryModeAndLevelAreRead(string text, QRCodeGenerator.ECCLevel level)
    {
        var (width, height, pixels) = SyntheticPhoto.Clean(text, 4, level);

        var read = QrDecoder.DecodeAll(new LumaImage(width, height, pixels));

        Assert.Equal([text], read);
    }

    [Fact]
    public void EveryVersionUpToTenIsRead()
    {
        for (var length = 10; length <= 270; length += 20)
        {
            var text = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26))));
            var (width, height, pixels) = SyntheticPhoto.Clean(text, 3, QRCodeGenerator.ECCLevel.L);

            Assert.Equal([text], QrDecoder.DecodeAll(new LumaImage(width, height, pixels)));
        }
    }

    [Fact]
    public void DamagedCodeIsCorrected()
    {
        var (width, height, pixels) = SyntheticPhoto.Clean("https://tro-ly.example.gov.vn/?p=1.001193", 4, QRCodeGenerator.ECCLevel.H);
        // A smudge across the middle of the symbol: level H restores up to 30 % of codewords.
        for (var y = height / 2; y < (height / 2) + 10; y++)
        {
            for (var x = width / 3; x < 2 * width / 3; x++)
            {
                pixels[(y * width) + x] = 0;
            }
        }

        Assert.Equal(["https://tro-ly.example.gov.vn/?p=1.001193"], QrDecoder.DecodeAll(new LumaImage(width, height, pixels)));
    }

    [Theory]
    [InlineData(120, 15, 1.0, 12, 1)]
    [InlineData(160, -15, 1.2, 10, 2)]
    [InlineData(200, 15, 1.5, 14, 3)]
    public void PhotoLikeFramesAreRead(int codePixels, double angle, double blur, double noise, int seed)
    {
        const string Text = "https://tro-ly.example.gov.vn/?p=2.000815&mode=guided&lang=vi";
        var (width, height, pixels) = SyntheticPhoto.Render(Text, new PhotoShape(codePixels, angle, blur, noise, Seed: seed));

        Assert.Equal([Text], QrDecoder.DecodeAll(new LumaImage(width, height, pixels)));
    }

    [Fact]
    public void TwoCodesInOneFrameAreBothFound()
    {
        var (width, height, pixels) = SyntheticPhoto.Render(new PhotoShape(180, 10, 0.8, 8), ("1.001193", 400, 600), ("2.000815", 1200, 500));

        Assert.Equal(["1.001193", "2.000815"], QrDecoder.DecodeAll(new LumaImage(width, height, pixels)).Order());
    }

    [Fact]
    public void FrameWithoutACodeReadsNothing()
    {
        var (width, height, pixels) = SyntheticPhoto.Render(new PhotoShape(150, 15, 1, 12));

        Assert.Empty(QrDecoder.DecodeAll(new LumaImage(width, height, pixels)));
    }
}

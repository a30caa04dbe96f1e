using System.Text;
using CitizenHelper.Qr.Payloads;

namespace CitizenHelper.Qr.Tests.Fuzz;

/// <summary>
/// Damaged and random scanned payloads (portal links, our own deep links, receipt and unit codes, other QR schemes):
/// the resolver says what a payload is, or that it is none (null), and never throws; what it names is well formed.
/// </summary>
public sealed class PayloadResolverFuzzTests(KnowledgeFixture knowledge) : IClassFixture<KnowledgeFixture>
{
    private static readonly string[] Valid =
    [
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193",
        "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-3fac-7489-b53b-9c6c958f2da4",
        "https://dichvucong.quangninh.gov.vn/?ma%5Fthu%5Ftuc=1%2E001193",
        "dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193",
        "https://tro-ly.example.vn/?p=2.000815&mode=guided&lang=vi",
        "https://tro-ly.example.vn/?c=24640",
        "https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma_ho_so=000.00.19.H26-250601-0001",
        "000.00.19.H26-250601-0001",
        "1.000894",
        "24640",
        "001234567890|123456789|Nguyễn Văn A|01011990|Nam|Hà Nội|01012021",
        "00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN6304ABCD",
        "WIFI:S:Trung tam;T:WPA;P:12345678;;",
        "https://example.com/some/page?id=42",
        "https://xn--dchvcng-cxa.gov.vn/thu-tuc/1.001193",
        "http://[::1]:8080/?p=1.000894",
    ];

    private readonly PayloadResolver _resolver = new("https://tro-ly.example.vn");

    [Fact]
    public void ResolveNamesAKindOrNothingAndNeverThrows()
    {
        Fuzzing.Run("qr-payload", seed: 5701, cases: 4_000, Input, payload =>
        {
            var resolved = _resolver.Resolve(payload, knowledge.Base);
            if (resolved?.Kind == PayloadKind.Procedure)
            {
                Assert.Matches(@"^\d\.\d{6}$", resolved.Code);
            }
        });
    }

    [Theory]
    [InlineData("https://xn--dc\uFFFD\uFFFD\uFFFD\uFFFDhvcng-cxa.gov.vn/thu-t\uFFFDuc/1.\uFFFD\uFFFD\uFFFD\uFFFD001193")] // seed 5701, case 51: UriFormatException from IdnHost
    public void ALinkWhoseHostIdnRefusesIsForeign(string payload)
    {
        var resolved = _resolver.Resolve(payload, knowledge.Base);

        Assert.Equal(UnknownPayload.ForeignLink, resolved?.Problem);
    }

    private static string Input(Mutator m, int i) => (i % 10) switch
    {
        9 => Encoding.UTF8.GetString(m.RandomBytes()),
        8 => m.Pick(Valid) + string.Concat(Enumerable.Repeat(m.Pick(["&a=b", "/x", "%", "%2", "%E0%A4%A", "?", "#", "=", "&ma_thu_tuc=", "%00", "%ZZ"]), m.Random.Next(1, 500))),
        7 => m.Pick(["https://", "http://", "://", "https://.gov.vn", "https://a..gov.vn/", "https://" + new string('a', 300) + ".gov.vn/?p=1.000894", "https://dichvucong.gov.vn:99999/", "https://u:p@dichvucong.gov.vn/?ma_thu_tuc=1.001193"]) + m.Oddity(),
        _ => m.MutateText(m.Pick(Valid)),
    };
}

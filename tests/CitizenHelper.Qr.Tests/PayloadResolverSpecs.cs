using CitizenHelper.Qr.Payloads;

namespace CitizenHelper.Qr.Tests;

/// <summary>Every shape of payload a citizen may bring from a QR code, and what it resolves to.</summary>
public sealed class PayloadResolverSpecs(KnowledgeFixture knowledge) : IClassFixture<KnowledgeFixture>
{
    private readonly PayloadResolver _resolver = new("https://tro-ly.example.vn");

    [Theory]
    // National Public Service Portal: older detail pages carry the code in the query, under several names.
    [InlineData("https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193", "1.001193")]
    [InlineData("http://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.000894&lang=vi", "1.000894")]
    [InlineData("https://www.dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?maTTHC=1.001193", "1.001193")]
    [InlineData("https://DICHVUCONG.GOV.VN/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193#top", "1.001193")]
    [InlineData("dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193", "1.001193")]
    [InlineData("www.dichvucong.gov.vn/thu-tuc/1.001193", "1.001193")]
    // The current portal names a procedure by its page id: known from our documents' portal_url and from the catalog.
    [InlineData("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-3fac-7489-b53b-9c6c958f2da4", "1.000656")]
    [InlineData("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019F6F67-C3A8-7163-8167-02E782EBF1C2?tab=1", "3.000616")]
    // Provincial portals and the procedure database (csdl) use their own paths and parameter names.
    [InlineData("https://dichvucong.hanoi.gov.vn/thu-tuc-hanh-chinh/chi-tiet?maTTHC=1.001193", "1.001193")]
    [InlineData("https://dvc.lamdong.gov.vn/dichvucong/chitietthutuc?ma=1.000894&coQuan=xa", "1.000894")]
    [InlineData("https://csdl.dichvucong.gov.vn/web/mtv/thu_tuc_hanh_chinh/chi_tiet_thu_tuc_hanh_chinh?ma_thu_tuc=2.000815", "2.000815")]
    [InlineData("https://dichvucong.haiphong.gov.vn/thu-tuc/1.001193/chi-tiet", "1.001193")]
    [InlineData("https://dichvucong.quangninh.gov.vn/?ma%5Fthu%5Ftuc=1%2E001193", "1.001193")]
    // Bare codes, as printed under a QR code.
    [InlineData("1.001193", "1.001193")]
    [InlineData("  2.000815\n", "2.000815")]
    public void ProcedureLinksAndCodesResolveToTheProcedure(string payload, string code)
    {
        var resolved = _resolver.Resolve(payload, knowledge.Base);

        Assert.NotNull(resolved);
        Assert.Equal(PayloadKind.Procedure, resolved.Kind);
        Assert.Equal(code, resolved.Code);
    }

    [Theory]
    [InlineData("https://tro-ly.example.vn/?p=2.000815&mode=guided&lang=vi", "2.000815", "vi", "guided")]
    [InlineData("https://tro-ly.example.vn/?p=1.001193&lang=en", "1.001193", "en", null)]
    [InlineData("https://tro-ly.example.vn/?lang=xx&p=1.001193&mode=GUIDED%3Cscript%3E", "1.001193", null, null)]
    [InlineData("https://tro-ly.example.vn:443/index.html?p=1.000894", "1.000894", null, null)]
    public void OurDeepLinksCarryTheirLanguageAndMode(string payload, string code, string? language, string? mode)
    {
        var resolved = _resolver.Resolve(payload, knowledge.Base);

        Assert.NotNull(resolved);
        Assert.Equal(PayloadKind.Procedure, resolved.Kind);
        Assert.Equal(code, resolved.Code);
        Assert.Equal(language, resolved.Language);
        Assert.Equal(mode, resolved.Mode);
    }

    [Theory]
    [InlineData("000.00.19.H26-250815-0001", "000.00.19.H26-250815-0001")]
    [InlineData("000.12.34.h56-251102-0042", "000.12.34.H56-251102-0042")]
    [InlineData("H26.22-250815-00123", "H26.22-250815-00123")]
    [InlineData("https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma_ho_so=000.00.19.H26-250815-0001", "000.00.19.H26-250815-0001")]
    [InlineData("https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?maHoSo=000.00.19.H26-250815-0001&thuTuc=1.001193", "000.00.19.H26-250815-0001")]
    [InlineData("https://motcua.lamdong.gov.vn/tra-cuu/000.20.31.H39-251120-0007", "000.20.31.H39-251120-0007")]
    [InlineData("https://tro-ly.example.vn/?d=000.00.19.H26-250815-0001&lang=en", "000.00.19.H26-250815-0001")]
    public void DossierReceiptCodesResolveToTheDossier(string payload, string code)
    {
        var resolved = _resolver.Resolve(payload, knowledge.Base);

        Assert.NotNull(resolved);
        Assert.Equal(PayloadKind.Dossier, resolved.Kind);
        Assert.Equal(code, resolved.Code);
    }

    [Theory]
    [InlineData("99901")]
    [InlineData("https://tro-ly.example.vn/?c=99901")]
    [InlineData("https://dichvucong.lamdong.gov.vn/trung-tam?ma_don_vi=99902")]
    public void KnownCenterCodesResolveToTheCenter(string payload)
    {
        var resolved = _resolver.Resolve(payload, knowledge.Base);

        Assert.NotNull(resolved);
        Assert.Equal(PayloadKind.Center, resolved.Kind);
        Assert.StartsWith("9990", resolved.Code, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://example.com/some/page?id=42", UnknownPayload.ForeignLink)]
    [InlineData("www.example.org/x", UnknownPayload.ForeignLink)]
    [InlineData("zalo.me/0123", UnknownPayload.ForeignLink)]
    [InlineData("https://example.com/?p=1.001193", UnknownPayload.ForeignLink)]
    [InlineData("https://dichvucong.gov.vn.evil.example/?ma_thu_tuc=1.001193", UnknownPayload.ForeignLink)]
    [InlineData("https://fakegov.vn/?ma_thu_tuc=1.001193", UnknownPayload.ForeignLink)]
    [InlineData("ftp://dichvucong.gov.vn/1.001193", UnknownPayload.ForeignLink)]
    [InlineData("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html", UnknownPayload.PortalLinkWithoutCode)]
    [InlineData("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/00000000-0000-0000-0000-000000000000", UnknownPayload.PortalLinkWithoutCode)]
    [InlineData("https://dichvucong.gov.vn/trung-tam?ma_don_vi=12345", UnknownPayload.PortalLinkWithoutCode)]
    [InlineData("9.999999", UnknownPayload.UnknownProcedure)]
    [InlineData("https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=9.999999", UnknownPayload.UnknownProcedure)]
    [InlineData("001099012345|123456789|Nguyễn Văn A|01011990|Nam|Số 1 Đường Mẫu|01012021", UnknownPayload.IdentityCard)]
    [InlineData("00020101021238570010A000000727012700069704220113VQRQ00012345670208QRIBFTTA53037045802VN6304ABCD", UnknownPayload.Other)]
    [InlineData("WIFI:S:TrungTam;T:WPA;P:matkhau;;", UnknownPayload.Other)]
    [InlineData("BEGIN:VCARD\nVERSION:3.0\nFN:Cán bộ\nEND:VCARD", UnknownPayload.Other)]
    [InlineData("https://tro-ly.example.vn/", UnknownPayload.Other)]
    public void UnknownOrForeignPayloadsAreNeverGuessed(string payload, UnknownPayload problem)
    {
        var resolved = _resolver.Resolve(payload, knowledge.Base);

        Assert.NotNull(resolved);
        Assert.Equal(PayloadKind.Unknown, resolved.Kind);
        Assert.Equal(problem, resolved.Problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("đăng ký khai sinh cần giấy tờ gì")]
    [InlineData("thủ tục 1.001193 lệ phí bao nhiêu")]
    [InlineData("khai sinh")]
    [InlineData("khai.sinh")]
    [InlineData("12345")]
    [InlineData("1.0011930")]
    [InlineData("000.00.19.H26-2508-0001")]
    public void OrdinaryMessagesAreNotPayloads(string text)
    {
        Assert.Null(_resolver.Resolve(text, knowledge.Base));
    }

    [Fact]
    public void OverlongTextIsNotAPayload()
    {
        var text = "https://dichvucong.gov.vn/?ma_thu_tuc=1.001193&x=" + new string('a', PayloadResolver.MaxPayloadLength);

        Assert.Null(_resolver.Resolve(text, knowledge.Base));
    }
}

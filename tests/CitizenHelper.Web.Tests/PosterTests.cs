using System.Net;
using System.Text.RegularExpressions;
using CitizenHelper.Answering;
using CitizenHelper.Qr.Payloads;
using CitizenHelper.Qr.Photos;
using CitizenHelper.Qr.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests;

/// <summary>Board posters: staff only, printable, and every QR code on them reads back to its own procedure.</summary>
public sealed partial class PosterTests(CitizenHelperFactory factory) : IClassFixture<CitizenHelperFactory>
{
    private const string PublicBaseUrl = "http://localhost:5080";

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [GeneratedRegex("""<div class="qr" data-code="([^"]+)">(<svg.*?</svg>)""", RegexOptions.Singleline)]
    private static partial Regex QrOnPage();

    [GeneratedRegex(@"M(\d+) (\d+)h(\d+)v1h-\d+z")]
    private static partial Regex SvgRun();

    [Fact]
    public async Task PostersAreForStaffOnly()
    {
        using var anonymous = factory.Browser();

        var page = await anonymous.GetAsync("/staff/posters/1.001193");
        var png = await anonymous.GetAsync("/staff/posters/1.001193/qr.png");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/staff/login", page.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, png.StatusCode);
    }

    [Fact]
    public async Task EveryProceduresPosterAndDownloadsReadBackToThatProcedureInGuidedMode()
    {
        using var staff = await factory.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var knowledge = factory.Services.GetRequiredService<KnowledgeProvider>().Current.Base;
        var resolver = new PayloadResolver(PublicBaseUrl);
        var codes = knowledge.Procedures.Select(p => p.Code).Distinct().ToList();
        Assert.NotEmpty(codes);
        // Every poster's page and downloads; the codes decoded for a spread of them (first, last, every twelfth):
        // payloads differ only by the code, all of one length, and decoding all three images of every one took 20 s.
        var decoded = codes.Where((_, i) => i % 12 == 0 || i == codes.Count - 1).ToHashSet(StringComparer.Ordinal);
        foreach (var code in codes)
        {
            var html = await staff.GetStringAsync($"/staff/posters/{code}");
            Assert.Contains(knowledge.Find(code, "vi")!.Title, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
            Assert.Contains("Scan to ask", html, StringComparison.Ordinal);
            Assert.Contains($"{PublicBaseUrl}/?p={code}", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
            var svgOnPage = QrOnPage().Match(html).Groups[2].Value;

            var png = await staff.GetByteArrayAsync($"/staff/posters/{code}/qr.png");
            var svg = await staff.GetStringAsync($"/staff/posters/{code}/qr.svg");
            Assert.Contains("<svg", svg, StringComparison.Ordinal);
            Assert.Contains("<svg", svgOnPage, StringComparison.Ordinal);
            if (!decoded.Contains(code))
            {
                Assert.Equal(PngSignature, png[..PngSignature.Length]);
                continue;
            }

            foreach (var image in new[] { png, Rasterize(svg), Rasterize(svgOnPage) })
            {
                var read = PhotoReader.Read(image, CancellationToken.None);
                Assert.Equal(PhotoOutcome.Read, read.Outcome);
                var payload = resolver.Resolve(read.Text!, knowledge);
                Assert.Equal(new ScannedPayload(PayloadKind.Procedure, code) { Language = "vi", Mode = "guided" }, payload);
            }
        }
    }

    [Fact]
    public async Task WholeBoardSheetCarriesEveryProcedureOnce()
    {
        using var staff = await factory.ConsoleAsync(CitizenHelperFactory.AdminEmail, CitizenHelperFactory.AdminPassword);
        var knowledge = factory.Services.GetRequiredService<KnowledgeProvider>().Current.Base;

        var html = await staff.GetStringAsync("/staff/posters/board");

        var onSheet = QrOnPage().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(knowledge.Procedures.Select(p => p.Code).Distinct().Order(StringComparer.Ordinal), onSheet);
        Assert.Contains("/poster.css", html, StringComparison.Ordinal);
        var css = await staff.GetStringAsync("/poster.css");
        Assert.Contains("@page", css, StringComparison.Ordinal);
        Assert.Contains("size: A4", css, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/staff/posters/board?center=Nowhere")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/staff/posters/9.999999")).StatusCode);
    }

    /// <summary>Draws QRCoder's SVG (one "M x y h w v1 h-w z" run per dark stretch of a row) at 4 pixels a module.</summary>
    private static byte[] Rasterize(string svg)
    {
        var size = int.Parse(Regex.Match(svg, @"viewBox=""0 0 (\d+) \d+""").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        const int Scale = 4;
        var pixels = Enumerable.Repeat((byte)255, size * size * Scale * Scale).ToArray();
        foreach (Match run in SvgRun().Matches(svg))
        {
            var (x, y, w) = (Int(run.Groups[1]), Int(run.Groups[2]), Int(run.Groups[3]));
            for (var py = y * Scale; py < (y + 1) * Scale; py++)
            {
                Array.Fill(pixels, (byte)0, (py * size * Scale) + (x * Scale), w * Scale);
            }
        }
        return TestImages.Png((size * Scale, size * Scale, pixels));
    }

    private static int Int(Group group) => int.Parse(group.Value, System.Globalization.CultureInfo.InvariantCulture);
}

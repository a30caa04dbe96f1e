using CitizenHelper.Knowledge.Parsing;
using Markdig;

namespace CitizenHelper.Knowledge.Tests;

/// <summary>Knowledge files are rendered as pages on the service's origin: what a file may and may not put there.</summary>
public sealed class KnowledgeMarkdownTests
{
    private static string Html(string markdown) => Markdown.ToHtml(markdown, KnowledgeMarkdown.Pipeline);

    [Fact]
    public void SectionIdsAndClassesStayButOtherAttributesAreDropped()
    {
        var html = Html("## Ghi chú {#notes .muted onmouseover=\"alert(1)\" style=\"x\"}\n\nMột đoạn {onclick=\"alert(2)\"}\n");

        Assert.Contains("id=\"notes\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"muted\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onmouseover", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onclick", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[bấm vào đây](javascript:alert(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[x](JavaScript:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[x][r]\n\n[r]: vbscript:msgbox(1)")]
    public void LinksThatRunCodeLeadNowhere(string markdown)
    {
        var html = Html(markdown);

        Assert.DoesNotContain("script:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"#\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Cổng](https://dichvucong.gov.vn/p/home)", "https://dichvucong.gov.vn/p/home")]
    [InlineData("[thủ tục](/kb/1.001193/vi)", "/kb/1.001193/vi")]
    [InlineData("[gọi](tel:02633123456)", "tel:02633123456")]
    [InlineData("[mục](#ho-so)", "#ho-so")]
    public void OrdinaryLinksAreKept(string markdown, string href)
    {
        Assert.Contains($"href=\"{href}\"", Html(markdown), StringComparison.Ordinal);
    }
}

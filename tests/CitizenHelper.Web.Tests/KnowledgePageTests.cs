namespace CitizenHelper.Web.Tests;

/// <summary>Knowledge pages share the console's origin: whatever a knowledge file holds, they run no script.</summary>
public sealed class KnowledgePageTests(CitizenHelperFactory factory) : IClassFixture<CitizenHelperFactory>
{
    [Theory]
    [InlineData("/kb/1.001193/vi")]
    [InlineData("/kb/1.001193/en")]
    public async Task PagesForbidScriptsAndFraming(string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path);

        response.EnsureSuccessStatusCode();
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}

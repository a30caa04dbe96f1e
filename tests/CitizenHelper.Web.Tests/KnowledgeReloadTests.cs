using System.Net.Http.Json;
using System.Text.Json;
using CitizenHelper.Answering;
using Microsoft.Extensions.DependencyInjection;

namespace CitizenHelper.Web.Tests;

public sealed class KnowledgeReloadTests : IDisposable
{
    private readonly string _knowledge = Directory.CreateTempSubdirectory("kb-live-").FullName;
    private readonly CitizenHelperFactory _factory;

    public KnowledgeReloadTests()
    {
        var procedures = Path.Combine(_knowledge, "procedures");
        Directory.CreateDirectory(procedures);
        var source = Path.Combine(RepositoryPaths.Knowledge(), "procedures");
        foreach (var name in new[] { "1.001193.vi.md", "1.001193.en.md" })
        {
            File.Copy(Path.Combine(source, name), Path.Combine(procedures, name));
        }
        _factory = new CitizenHelperFactory(new() { ["Knowledge:Path"] = _knowledge });
    }

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_knowledge, recursive: true);
    }

    [Fact]
    public async Task NewDocumentIsServedWithoutARestart()
    {
        using var client = _factory.CreateClient();
        var provider = _factory.Services.GetRequiredService<KnowledgeProvider>();
        Assert.Null(provider.Current.Base.Find("2.000815", "vi"));

        File.Copy(Path.Combine(RepositoryPaths.Knowledge(), "procedures", "2.000815.vi.md"), Path.Combine(_knowledge, "procedures", "2.000815.vi.md"));

        await Eventually.GetAsync(() => Task.FromResult(provider.Current.Base.Find("2.000815", "vi")), p => p is not null, "the new document");
    }

    [Fact]
    public async Task BrokenEditIsReportedAndTheLastGoodVersionKeepsServing()
    {
        using var client = _factory.CreateClient();
        var provider = _factory.Services.GetRequiredService<KnowledgeProvider>();
        var file = Path.Combine(_knowledge, "procedures", "1.001193.vi.md");

        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("{#fee}", "{#fees}", StringComparison.Ordinal));

        var health = await Eventually.GetAsync(
            () => client.GetFromJsonAsync<JsonElement>("/healthz"),
            h => h.GetProperty("checks").GetProperty("knowledge").GetProperty("status").GetString() == "Degraded",
            "the problem to show in health");
        var problems = health.GetProperty("checks").GetProperty("knowledge").GetProperty("data").GetProperty("problems");
        Assert.Contains(problems.EnumerateArray(), p => p.GetString()!.Contains("procedures/1.001193.vi.md", StringComparison.Ordinal));
        var served = provider.Current.Base.Find("1.001193", "vi");
        Assert.NotNull(served);
        Assert.Equal("vi", served.Language);
        Assert.NotNull(served.Section("fee"));
    }

}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using CitizenHelper.Web.Extensions;
using CitizenHelper.Web.Options;
using Microsoft.Extensions.Configuration;

namespace CitizenHelper.Web.Tests;

/// <summary>
/// The first run as the README tells it (issue #18, points 7 and 8): the example password is accepted, a weak one
/// stops the start with one line naming the rule, links follow the port the service listens on, and a start says what
/// it is doing; the second start reads the knowledge base, index and classifier the first one parsed, built and trained.
/// </summary>
public sealed partial class FirstRunTests
{
    [Fact]
    public async Task TheReadmeExamplePasswordMeetsThePolicy()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Knowledge(), "..", "README.md"));
        var example = ReadmePassword().Match(readme);

        Assert.True(example.Success, "the README shows no Staff__Admin__Password example");
        Assert.Empty(new StaffAdminOptions { Email = "admin@example.vn", Password = example.Groups[1].Value }.Validate());
    }

    [Theory]
    [InlineData("a-long-password", "an upper-case letter, a digit")]
    [InlineData("Short-1", "12 characters or more (it has 7)")]
    [InlineData("ALLUPPERCASE-2026", "a lower-case letter")]
    [InlineData("NoSymbolsHere2026", "a symbol")]
    public void AWeakPasswordIsRefusedNamingWhatItLacks(string password, string lacks)
    {
        var problem = Assert.Single(new StaffAdminOptions { Email = "admin@example.vn", Password = password }.Validate());

        Assert.StartsWith("Staff:Admin:Password does not meet the password policy: it needs ", problem, StringComparison.Ordinal);
        Assert.Contains(lacks, problem, StringComparison.Ordinal);
        Assert.Contains(PasswordPolicy.Rule, problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWeakAdminPasswordStopsTheStartWithOneClearLineAndNoStackTrace()
    {
        var folder = Directory.CreateTempSubdirectory("citizenhelper-first-run-").FullName;
        try
        {
            using var process = Start(folder, Port(), ("Staff__Admin__Password", "a-long-password"));
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);

            Assert.NotEqual(0, process.ExitCode);
            var line = Assert.Single((await error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.StartsWith("CitizenHelper cannot start: Staff:Admin:Password does not meet the password policy", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", await output + await error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", await output + await error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("http://localhost:5090", "http://localhost:5090")]
    [InlineData("http://+:8080;https://+:8443", "http://localhost:8080")]
    [InlineData("http://0.0.0.0:5100/", "http://localhost:5100")]
    [InlineData("http://[::]:5101", "http://localhost:5101")]
    public void WithoutAConfiguredPublicAddressLinksUseTheListeningAddress(string urls, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls }).Build();

        Assert.Equal(expected, PublicAddress.Derive(configuration));
    }

    [Fact]
    public void AConfiguredPublicAddressIsKept()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://localhost:5090",
            ["Answering:PublicBaseUrl"] = "https://hoidap.example.vn",
        }).Build();

        Assert.Null(PublicAddress.Derive(configuration));
    }

    [Theory]
    [InlineData("http://localhost:5080", "http://127.0.0.1:5090", true)]
    [InlineData("http://localhost:5090", "http://127.0.0.1:5090", false)]
    [InlineData("http://localhost:5080", "http://[::]:5080", false)]
    [InlineData("https://hoidap.example.vn", "http://127.0.0.1:5090", false)]
    public void ALoopbackPublicAddressOnAnotherPortIsWarnedAbout(string publicBaseUrl, string listening, bool warned) =>
        Assert.Equal(warned, PublicAddress.Unreachable(publicBaseUrl, [listening]));

    [Fact]
    public async Task AStartSaysWhatItIsDoingAndTheSecondReadsWhatTheFirstParsedIndexedAndTrained()
    {
        var folder = Directory.CreateTempSubdirectory("citizenhelper-first-run-").FullName;
        try
        {
            // The same start on a small copy of the knowledge base, without the national catalog: training the bundled
            // one takes tens of seconds here, and the catalog adds seconds of parsing and indexing to each start.
            var knowledge = Path.Combine(folder, "knowledge");
            KnowledgeCopies.Small(knowledge, []);
            var port = Port();
            var first = await RunUntilReadyAsync(folder, port, knowledge);
            Assert.Contains("Loading the knowledge base from", first, StringComparison.Ordinal);
            Assert.Contains("building the search index", first, StringComparison.Ordinal);
            Assert.Contains("Training the question classifier: 40/40", first, StringComparison.Ordinal);
            Assert.Matches(@"CitizenHelper ready in \d+\.\d s", first);
            // No public address configured: links follow the port the service was started on.
            Assert.Contains($"public address http://127.0.0.1:{port}", first, StringComparison.Ordinal);
            Assert.DoesNotContain("Answering:PublicBaseUrl", first, StringComparison.Ordinal);

            var second = await RunUntilReadyAsync(folder, Port(), knowledge);
            Assert.Contains("Knowledge base read from", second, StringComparison.Ordinal);
            Assert.DoesNotContain("building the search index", second, StringComparison.Ordinal);
            Assert.Contains("Question classifier read from", second, StringComparison.Ordinal);
            Assert.DoesNotContain("Training the question classifier", second, StringComparison.Ordinal);
            Assert.Matches(@"CitizenHelper ready in \d+\.\d s", second);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Starts the service in the folder (its database and cache under data/), waits for its ready line, stops it, returns its log.</summary>
    private static async Task<string> RunUntilReadyAsync(string folder, int port, string knowledge)
    {
        using var process = Start(folder, port, ("Knowledge__Path", knowledge), ("Knowledge__UseCatalog", "false"));
        var log = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(object sender, DataReceivedEventArgs e)
        {
            lock (log)
            {
                log.AppendLine(e.Data);
            }
            if (e.Data?.Contains("CitizenHelper ready in", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        }
        process.OutputDataReceived += Read;
        process.ErrorDataReceived += Read;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        // A busy machine trains slowly; the wait is for the line (or the process ending), not a fixed time.
        var done = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromMinutes(5)));
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        lock (log)
        {
            Assert.True(done == ready.Task, $"the service did not say it was ready:\n{log}");
            return log.ToString();
        }
    }

    private static Process Start(string folder, int port, params (string Name, string Value)[] settings)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "CitizenHelper.Web.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__CitizenHelper"] = $"Data Source={Path.Combine(folder, "first-run.db")}";
        start.Environment["DirectLine__Secret"] = CitizenHelperFactory.Secret;
        start.Environment["Knowledge__Path"] = RepositoryPaths.Knowledge();
        start.Environment["Staff__Admin__Email"] = CitizenHelperFactory.AdminEmail;
        start.Environment["Staff__Admin__Password"] = CitizenHelperFactory.AdminPassword;
        start.Environment["Answering__PublicBaseUrl"] = null;
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }
        return Process.Start(start)!;
    }

    private static int Port()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Staff__Admin__Password='([^']+)'")]
    private static partial Regex ReadmePassword();
}

using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace CitizenHelper.Web.Tests;

/// <summary>
/// In Production the console's cookies are Secure: behind a TLS-terminating proxy the console works from the
/// proxy's X-Forwarded-Proto; reached over plain HTTP it says it needs HTTPS, never a bare 500.
/// </summary>
public sealed class ConsoleOverPlainHttpTests(ConsoleOverPlainHttpTests.BehindProxy service) : IClassFixture<ConsoleOverPlainHttpTests.BehindProxy>
{
    private const string ProxyNetwork = "10.20.0.0/24";

    private CitizenHelperFactory Factory => service.Factory;

    /// <summary>The service in Production behind a proxy of <see cref="ProxyNetwork"/>, shared by the tests that only send requests.</summary>
    public sealed class BehindProxy : IDisposable
    {
        internal CitizenHelperFactory Factory { get; } = new(new() { ["environment"] = "Production", ["ForwardedHeaders:KnownNetworks:0"] = ProxyNetwork });

        public void Dispose() => Factory.Dispose();
    }

    [Fact]
    public async Task OverPlainHttpTheConsoleSaysItNeedsHttps()
    {
        using var client = Factory.CreateClient();

        using var page = await client.GetAsync("/staff/login");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("HTTPS", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BehindAKnownProxyThatTerminatesTlsTheConsoleWorks()
    {
        var context = await SendThroughAsync("10.20.0.5", "/staff/login");

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        var antiforgery = Assert.Single(context.Response.Headers.SetCookie, c => c!.StartsWith("citizenhelper.antiforgery=", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AForwardedProtoFromAnAddressOutsideTheKnownNetworksIsNotBelieved()
    {
        var context = await SendThroughAsync("198.51.100.9", "/staff/login");

        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
        using var reader = new StreamReader(context.Response.Body);
        Assert.Contains("HTTPS", await reader.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutHttpsOrAKnownProxyTheStartLogSaysTheConsoleNeedsIt()
    {
        var logs = new LogCollector();
        using var plain = new CitizenHelperFactory(new() { ["environment"] = "Production" });
        using var started = plain.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));

        _ = started.Server;

        Assert.Contains(logs.Warnings, m => m.Contains("HTTPS", StringComparison.Ordinal) && m.Contains("ForwardedHeaders:KnownProxies", StringComparison.Ordinal));
    }

    [Fact]
    public void WithAKnownProxyTheStartLogHasNoSuchWarning()
    {
        var logs = new LogCollector();
        using var started = Factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));

        _ = started.Server;

        Assert.DoesNotContain(logs.Warnings, m => m.Contains("ForwardedHeaders:KnownProxies", StringComparison.Ordinal));
    }

    /// <summary>A request as a reverse proxy at <paramref name="from"/> forwards it after terminating TLS.</summary>
    private Task<HttpContext> SendThroughAsync(string from, string path) => Factory.Server.SendAsync(c =>
    {
        c.Request.Method = HttpMethods.Get;
        c.Request.Path = path;
        c.Connection.RemoteIpAddress = IPAddress.Parse(from);
        c.Request.Headers["X-Forwarded-Proto"] = "https";
        c.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
    });

    private sealed class LogCollector : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _warnings = new();

        public IReadOnlyCollection<string> Warnings => _warnings;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                _warnings.Enqueue(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }
}

using System.Diagnostics;
using CitizenHelper.Answering;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CitizenHelper.Web.Extensions;

/// <summary>
/// Once the service takes requests: how long the start took and where it listens, and a warning when the public base
/// address points at this machine on a port the service does not listen on (every link in answers, guided resume
/// links and QR codes would then lead nowhere).
/// </summary>
public sealed class StartupReport(IServer server, IHostApplicationLifetime lifetime, IOptions<AnsweringOptions> answering, ILogger<StartupReport> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Report);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Report()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        var took = DateTime.Now - Process.GetCurrentProcess().StartTime;
        logger.LogInformation("CitizenHelper ready in {Seconds:F1} s, listening on {Addresses}; public address {PublicBaseUrl}",
            took.TotalSeconds, string.Join(", ", addresses), answering.Value.PublicBaseUrl);
        if (PublicAddress.Unreachable(answering.Value.PublicBaseUrl, addresses))
        {
            logger.LogWarning("Answering:PublicBaseUrl {PublicBaseUrl} is on this machine but the service listens on {Addresses}: links in answers, "
                + "guided resume links and QR codes will not open. Set Answering:PublicBaseUrl to the address people open, or leave it empty to use the listening address.",
                answering.Value.PublicBaseUrl, string.Join(", ", addresses));
        }
    }
}

/// <summary>The service's public base address when none is configured: the first address it is told to listen on.</summary>
public static class PublicAddress
{
    /// <summary>
    /// <c>Answering:PublicBaseUrl</c> as configured, else the first of <c>urls</c> (or <c>http_ports</c>) with a
    /// wildcard host read as localhost; null keeps the option's default.
    /// </summary>
    public static string? Derive(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[$"{AnsweringOptions.SectionName}:{nameof(AnsweringOptions.PublicBaseUrl)}"] is { Length: > 0 })
        {
            return null;
        }
        var first = configuration["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
            ?? (configuration["http_ports"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() is { } port ? $"http://localhost:{port}" : null);
        if (first is null)
        {
            return null;
        }
        // "http://*:8080", "http://+:8080", "http://0.0.0.0:8080" and "http://[::]:8080" listen everywhere; from this machine that is localhost.
        var readable = System.Text.RegularExpressions.Regex.Replace(first, @"^(https?://)(\*|\+|0\.0\.0\.0|\[::\])(?=[:/]|$)", "$1localhost");
        return Uri.TryCreate(readable, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.GetLeftPart(UriPartial.Authority) : null;
    }

    /// <summary>Whether a base address names this machine (localhost, a loopback address) on a port none of the listening addresses has.</summary>
    public static bool Unreachable(string publicBaseUrl, IReadOnlyCollection<string> listening)
    {
        ArgumentNullException.ThrowIfNull(listening);
        if (listening.Count == 0 || !Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var url) || !url.IsLoopback)
        {
            return false;
        }
        return !listening.Any(a => Uri.TryCreate(System.Text.RegularExpressions.Regex.Replace(a, @"//(\*|\+)(?=:)", "//localhost"), UriKind.Absolute, out var address) && address.Port == url.Port);
    }
}

/// <summary>Every option validated before the host starts, so a bad setting is one line on standard error, not a stack trace.</summary>
public static class StartupChecks
{
    /// <summary>False (and each problem written as one line) when a setting is not accepted.</summary>
    public static bool ConfigurationIsValid(this WebApplication app, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
            return true;
        }
        catch (OptionsValidationException e)
        {
            Write(error, e.Failures);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            Write(error, e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(i => i.Failures));
        }
        return false;
    }

    private static void Write(TextWriter error, IEnumerable<string> failures)
    {
        foreach (var failure in failures)
        {
            error.WriteLine($"CitizenHelper cannot start: {failure}");
        }
    }
}

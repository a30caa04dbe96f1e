using CitizenHelper.Bot;
using CitizenHelper.Bot.Guided;
using CitizenHelper.Bot.Turns;
using CitizenHelper.Storage;
using CitizenHelper.Web.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CitizenHelper.Web.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// Turns in spans, metrics and log scopes (always: without a listener they cost next to nothing), and the OTLP
    /// export of traces and metrics when Telemetry:OtlpEndpoint is set. Registered after the bot.
    /// </summary>
    public static WebApplicationBuilder AddCitizenHelperTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddValidatedOptions<TelemetryOptions>(TelemetryOptions.SectionName, o => o.Validate());
        services.Replace(ServiceDescriptor.Singleton<IBot>(sp => new ObservedBot(sp.GetRequiredService<GuidedBot>(), sp.GetRequiredService<ILogger<ObservedBot>>())));
        services.Replace(ServiceDescriptor.Singleton<IOutcomeSink>(sp => new ObservedOutcomes(sp.GetRequiredService<StatsStore>())));

        // Read now, as it decides what is registered; an invalid value registers nothing and fails the start-up validation.
        var settings = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!settings.Enabled || settings.Validate().Any())
        {
            return builder;
        }
        var grpc = settings.OtlpProtocol == TelemetryOptions.Grpc;
        var endpoint = settings.OtlpEndpoint.TrimEnd('/');
        void Exporter(OtlpExporterOptions o, string signal)
        {
            o.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            // Over HTTP an endpoint given in code is used as is: the signal's path is added here.
            o.Endpoint = new Uri(grpc ? endpoint : $"{endpoint}/v1/{signal}");
        }
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(settings.ServiceName, serviceInstanceId: $"{Environment.MachineName}-{Environment.ProcessId}"))
            .WithTracing(t => t
                .AddSource(TurnTelemetry.Name)
                // Probes every few seconds would drown the requests people make.
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/healthz"))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(o => Exporter(o, "traces")))
            .WithMetrics(m => m
                .AddMeter(TurnTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter((o, reader) =>
                {
                    Exporter(o, "metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = settings.MetricsIntervalSeconds * 1000;
                }));
        return builder;
    }
}

namespace CitizenHelper.Web.Telemetry;

/// <summary>
/// OpenTelemetry export (section "Telemetry"): off while OtlpEndpoint is empty. When set, traces (requests, outgoing
/// HTTP calls, turns) and metrics (requests, runtime, turns) go to an OTLP collector.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";
    public const string HttpProtobuf = "http/protobuf";
    public const string Grpc = "grpc";

    /// <summary>The collector's base address, such as http://127.0.0.1:4318 (http/protobuf) or http://127.0.0.1:4317 (grpc); empty: no export.</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>http/protobuf (default; /v1/traces and /v1/metrics are appended) or grpc.</summary>
    public string OtlpProtocol { get; set; } = HttpProtobuf;

    /// <summary>service.name of every span and metric; the instance is told apart by service.instance.id (machine and process).</summary>
    public string ServiceName { get; set; } = "citizenhelper";

    /// <summary>How often metrics are sent.</summary>
    public int MetricsIntervalSeconds { get; set; } = 60;

    public bool Enabled => OtlpEndpoint.Length > 0;

    public IEnumerable<string> Validate()
    {
        if (Enabled && (!Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            yield return $"{SectionName}:{nameof(OtlpEndpoint)} '{OtlpEndpoint}' is not an http or https address, such as http://127.0.0.1:4318.";
        }
        if (OtlpProtocol is not (HttpProtobuf or Grpc))
        {
            yield return $"{SectionName}:{nameof(OtlpProtocol)} must be {HttpProtobuf} or {Grpc}.";
        }
        if (string.IsNullOrWhiteSpace(ServiceName) || ServiceName.Length > 100)
        {
            yield return $"{SectionName}:{nameof(ServiceName)} must be 1 to 100 characters.";
        }
        if (MetricsIntervalSeconds is < 1 or > 3600)
        {
            yield return $"{SectionName}:{nameof(MetricsIntervalSeconds)} must be between 1 and 3600.";
        }
    }
}

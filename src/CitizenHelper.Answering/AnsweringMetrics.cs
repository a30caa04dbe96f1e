using System.Diagnostics.Metrics;

namespace CitizenHelper.Answering;

/// <summary>
/// The answering pipeline's metrics (meter <c>CitizenHelper.Answering</c>), for OpenTelemetry or dotnet-counters:
/// <c>citizenhelper.guardrail.refusals</c> counts refused requests by <c>kind</c> (injection, others-data,
/// off-topic, wrongdoing) and <c>language</c>.
/// </summary>
public sealed class AnsweringMetrics
{
    public const string MeterName = "CitizenHelper.Answering";

    private readonly Counter<long> _refusals;

    /// <summary>This instance's meter (one per service provider), so a test can listen to its own.</summary>
    internal Meter Meter { get; }

    public AnsweringMetrics(IMeterFactory? meters = null)
    {
        Meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _refusals = Meter.CreateCounter<long>("citizenhelper.guardrail.refusals", unit: "{request}",
            description: "Requests a guardrail refused: injected instructions, another person's data, off-topic, wrongdoing.");
    }

    public void Refused(Refusal refusal, string language) =>
        _refusals.Add(1, new KeyValuePair<string, object?>("kind", Name(refusal)), new KeyValuePair<string, object?>("language", language));

    /// <summary>The refusal as integrators and the dashboard see it: injection, others-data, off-topic, wrongdoing.</summary>
    public static string Name(Refusal refusal) => refusal switch
    {
        Refusal.Injection => "injection",
        Refusal.OthersData => "others-data",
        Refusal.Wrongdoing => "wrongdoing",
        _ => "off-topic",
    };
}

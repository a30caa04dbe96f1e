namespace CitizenHelper.Answering;

/// <summary>Settings of the answering pipeline (section "Answering").</summary>
public sealed class AnsweringOptions
{
    public const string SectionName = "Answering";

    /// <summary>Below this retrieval score a question goes to staff instead of getting a guess.</summary>
    public double MinScore { get; set; } = 2.0;

    /// <summary>When the runner-up scores at least this share of the best, the bot asks which one was meant.</summary>
    public double TieRatio { get; set; } = 0.8;

    /// <summary>Absolute base address of the service, used to link citations to the knowledge documents.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    public IEnumerable<string> Validate()
    {
        if (MinScore <= 0)
        {
            yield return $"{SectionName}:{nameof(MinScore)} must be greater than 0.";
        }
        if (TieRatio is <= 0 or > 1)
        {
            yield return $"{SectionName}:{nameof(TieRatio)} must be greater than 0 and at most 1.";
        }
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return $"{SectionName}:{nameof(PublicBaseUrl)} must be an absolute http(s) address, not '{PublicBaseUrl}'.";
        }
    }
}

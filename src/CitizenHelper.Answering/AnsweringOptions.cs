namespace CitizenHelper.Answering;

/// <summary>Settings of the answering pipeline (section "Answering").</summary>
public sealed class AnsweringOptions
{
    public const string SectionName = "Answering";

    /// <summary>
    /// A document must account for at least this share of the question's words (0 to 1) to answer it;
    /// below it the question goes to staff instead of getting a guess.
    /// </summary>
    public double MinCoverage { get; set; } = 0.4;

    /// <summary>A document's match score (0 to 1: how well its best name and the question agree) must reach this to answer.</summary>
    public double MinScore { get; set; } = 0.38;

    /// <summary>
    /// In a conversation about one document, another document must match at least this well (0 to 1) for the
    /// question to move to it; below, the question is read as a follow-up about the current one.
    /// </summary>
    public double FollowUpSwitchScore { get; set; } = 0.6;

    /// <summary>When the runner-up scores within this margin of the best, the bot asks which one was meant.</summary>
    public double TieMargin { get; set; } = 0.03;

    /// <summary>
    /// The question classifier's probability (0 to 1) at which its document wins over the retriever's pick, or
    /// answers a question whose words no document's name covers.
    /// </summary>
    public double ClassifierSure { get; set; } = 0.5;

    /// <summary>When the retriever's candidates tie, the classifier's choice among them answers at this probability.</summary>
    public double ClassifierTieBreak { get; set; } = 0.4;

    /// <summary>
    /// Below the retriever's floor, a candidate it still found answers when the classifier also picks it with at
    /// least this probability: two weak signals that agree.
    /// </summary>
    public double ClassifierSupport { get; set; } = 0.15;

    /// <summary>Absolute base address of the service, used to link citations to the knowledge documents.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    public IEnumerable<string> Validate()
    {
        if (MinScore is <= 0 or > 1)
        {
            yield return $"{SectionName}:{nameof(MinScore)} must be greater than 0 and at most 1.";
        }
        if (MinCoverage is <= 0 or > 1)
        {
            yield return $"{SectionName}:{nameof(MinCoverage)} must be greater than 0 and at most 1.";
        }
        if (FollowUpSwitchScore is <= 0 or > 1)
        {
            yield return $"{SectionName}:{nameof(FollowUpSwitchScore)} must be greater than 0 and at most 1.";
        }
        foreach (var (name, value) in new[] { (nameof(ClassifierSure), ClassifierSure), (nameof(ClassifierTieBreak), ClassifierTieBreak), (nameof(ClassifierSupport), ClassifierSupport) })
        {
            if (value is <= 0 or > 1)
            {
                yield return $"{SectionName}:{name} must be greater than 0 and at most 1.";
            }
        }
        if (TieMargin is < 0 or > 1)
        {
            yield return $"{SectionName}:{nameof(TieMargin)} must be between 0 and 1.";
        }
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return $"{SectionName}:{nameof(PublicBaseUrl)} must be an absolute http(s) address, not '{PublicBaseUrl}'.";
        }
    }
}

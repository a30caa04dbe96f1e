namespace CitizenHelper.Answering.Understanding;

/// <summary>A logistic regression's probability: the candidate ranker's, and the eval's experiments with it.</summary>
public static class Logistic
{
    /// <summary>The probability for these features under these weights (the features may be longer: the rest is unused).</summary>
    public static double Probability(double[] weights, double[] features)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(features);
        var sum = 0.0;
        for (var f = 0; f < weights.Length; f++)
        {
            sum += weights[f] * features[f];
        }
        return 1 / (1 + Math.Exp(-sum));
    }
}

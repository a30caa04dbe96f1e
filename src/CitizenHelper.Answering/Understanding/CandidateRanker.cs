using System.Globalization;
using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Answering.Understanding;

/// <summary>
/// How likely each of the retriever's candidates is what a question asks about: a logistic regression over features
/// that say how the question matches the candidate, field by field, and how that compares with the other candidates —
/// never which document it is. So what it learns from questions about some procedures holds for a procedure nobody
/// wrote a question for, where the question classifier, which learns words per document, knows nothing.
/// <para>
/// Trained from the knowledge base's example questions and the questions written from its documents
/// (<see cref="DocumentQuestions"/>): the retriever's candidates for each, the right one (or any province's version of
/// it) a positive, the others negatives; every candidate of an out-of-scope example a negative. The classifier's
/// probabilities are left out on purpose: it saw every training question, so in training they would say "right" far
/// more surely than they do for a new question.
/// </para>
/// </summary>
public sealed class CandidateRanker
{
    /// <summary>How many of the retriever's candidates it weighs for a training question, as the pipeline retrieves them.</summary>
    public const int Candidates = 12;

    private const int Epochs = 30;
    private const double LearningRate = 0.05;
    private const double L2 = 1e-4;

    private readonly double[] _weights;

    private CandidateRanker(double[] weights) => _weights = weights;

    /// <summary>The learned weights, one per feature (<see cref="FeatureNames"/>).</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>What each feature says, in order ("-best": against the best of the candidates).</summary>
    public static IReadOnlyList<string> FeatureNames { get; } =
    [
        "bias", "score", "code", "first", "rank", "gap", "coverage", "coverage-best", "names", "names-best",
        "best-name", "best-name-best", "summary", "summary-best", "missing", "catalog", "help", "province", "top-score",
    ];

    /// <summary>The probability that each candidate, in the order given (best first), is what the question asks about.</summary>
    public IReadOnlyList<double> Rank(string text, IReadOnlyList<ScoredDocument> candidates, KnowledgeBase knowledge, KnowledgeIndex index) =>
        [.. Features(text, candidates, knowledge, index).Select(f => Logistic.Probability(_weights, f))];

    /// <summary>A ranker with the given weights (one read back from a store, or a test's).</summary>
    public static CandidateRanker FromWeights(IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count != FeatureNames.Count)
        {
            throw new ArgumentException($"{FeatureNames.Count} weights expected, {weights.Count} given", nameof(weights));
        }
        return new CandidateRanker([.. weights]);
    }

    /// <summary>The weights as text, one per line (what a store keeps).</summary>
    public string Save() => string.Join('\n', _weights.Select(w => w.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>A ranker from <see cref="Save"/>'s text; null when the text is not that.</summary>
    public static CandidateRanker? Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var weights = new double[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            if (!double.TryParse(lines[i], NumberStyles.Float, CultureInfo.InvariantCulture, out weights[i]) || !double.IsFinite(weights[i]))
            {
                return null;
            }
        }
        return weights.Length == FeatureNames.Count ? new CandidateRanker(weights) : null;
    }

    /// <summary>Trained on the knowledge base's example questions and the questions written from its documents.</summary>
    public static CandidateRanker Train(KnowledgeBase knowledge, KnowledgeIndex index)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        var labelled = knowledge.Examples.Select(e => new LabelledQuestion(e.Text, e.Expected))
            .Concat(knowledge.Documents.SelectMany(DocumentQuestions.For));
        return Train(labelled, knowledge, index);
    }

    public static CandidateRanker Train(IEnumerable<LabelledQuestion> labelled, KnowledgeBase knowledge, KnowledgeIndex index)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        ArgumentNullException.ThrowIfNull(knowledge);
        ArgumentNullException.ThrowIfNull(index);
        var rows = new List<(double[] Features, double Label)>();
        foreach (var question in labelled)
        {
            var candidates = Grouped(index.Search(question.Text, Candidates), knowledge);
            var right = question.Label == QuestionClassifier.None ? [] : knowledge.SameTitle(question.Label);
            var labels = candidates.Select(c => right.Contains(c.Key) ? 1.0 : 0.0).ToList();
            if (question.Label != QuestionClassifier.None && !labels.Contains(1))
            {
                continue; // the retriever missed it: nothing to learn about ordering its candidates
            }
            rows.AddRange(Features(question.Text, candidates, knowledge, index).Zip(labels));
        }
        var weights = new double[FeatureNames.Count];
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            var rate = LearningRate / (1 + (epoch * 0.1));
            foreach (var (features, label) in rows)
            {
                var gradient = Logistic.Probability(weights, features) - label;
                for (var f = 0; f < weights.Length; f++)
                {
                    weights[f] -= rate * ((gradient * features[f]) + (L2 * weights[f]));
                }
            }
        }
        return new CandidateRanker(weights);
    }

    /// <summary>
    /// The candidates with the provinces' versions of one procedure as one (the first found), as <c>ProvinceStep</c>
    /// folds them before the ranker weighs them in the pipeline.
    /// </summary>
    public static IReadOnlyList<ScoredDocument> Grouped(IReadOnlyList<ScoredDocument> hits, KnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(knowledge);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. hits.Where(h => seen.Add(knowledge.SameTitle(h.Key)[0]))];
    }

    /// <summary>Each candidate's features, in the order of <see cref="FeatureNames"/>.</summary>
    public static IReadOnlyList<double[]> Features(string text, IReadOnlyList<ScoredDocument> candidates, KnowledgeBase knowledge, KnowledgeIndex index)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(knowledge);
        ArgumentNullException.ThrowIfNull(index);
        var rows = new List<double[]>(candidates.Count);
        if (candidates.Count == 0)
        {
            return rows;
        }
        var matches = index.Matches(text, [.. candidates.Select(c => c.Key)]);
        var top = Math.Min(1, candidates[0].Score);
        var bestCoverage = candidates.Max(c => c.Coverage);
        var bestNames = matches.Max(m => m.Names);
        var bestName = matches.Max(m => m.BestName);
        var bestSummary = matches.Max(m => m.Summary);
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            var m = matches[i];
            var score = Math.Min(1, c.Score); // a code written in the question scores 10: the "code" feature says so
            var document = knowledge.FindDocument(c.Key, "vi");
            rows.Add(
            [
                1, score, c.Score > 1 ? 1 : 0, i == 0 ? 1 : 0, 1.0 / (1 + i), top - score, c.Coverage, c.Coverage - bestCoverage,
                m.Names, m.Names - bestNames, m.BestName, m.BestName - bestName, m.Summary, m.Summary - bestSummary, m.Missing,
                document is CatalogProcedure ? 1 : 0, document is HelpTopic ? 1 : 0, knowledge.ProvinceOf(c.Key) is null ? 0 : 1, top,
            ]);
        }
        return rows;
    }
}

using System.Security.Cryptography;
using System.Text;
using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Answering.Understanding;

/// <summary>A labelled question: what a citizen typed and the document that answers it (or <see cref="QuestionClassifier.None"/>).</summary>
public sealed record LabelledQuestion(string Text, string Label);

/// <summary>A label and how likely the classifier finds it (0 to 1).</summary>
public readonly record struct LabelProbability(string Label, double Probability);

/// <summary>
/// A multinomial logistic regression over a question's folded words, word pairs and letter groups, trained when the
/// knowledge base loads from the documents' names and the labelled example questions the knowledge base ships.
/// <para>
/// The retriever matches a question against names; this learns from how citizens actually ask ("vợ mới đẻ",
/// "lam giay khai sinh cho chau"), so phrasing no name spells out still points to its document. Letter groups
/// (three and four letters, across word gaps) carry typos and syllables run together ("dangky").
/// </para>
/// Training is deterministic: the same examples give the same model on every instance.
/// </summary>
public sealed class QuestionClassifier
{
    /// <summary>The label of questions no document answers.</summary>
    public const string None = ExampleQuestion.None;

    private const int Epochs = 40;
    private const double LearningRate = 0.4;
    private const double L2 = 1e-5;

    private readonly KnowledgeIndex _index;
    private readonly Dictionary<string, int> _features;
    private readonly string[] _labels;
    private readonly double[][] _weights; // [label][feature], the last feature is the bias

    private QuestionClassifier(KnowledgeIndex index, Dictionary<string, int> features, string[] labels, double[][] weights)
    {
        _index = index;
        _features = features;
        _labels = labels;
        _weights = weights;
    }

    // Most knowledge-base loads (every instance, every test host) see the same documents and examples: the model
    // trained for them last is kept and reused rather than trained again.
    private static readonly Lock CacheLock = new();
    private static (string Fingerprint, QuestionClassifier Model)? s_last;

    public IReadOnlyList<string> Labels => _labels;

    /// <summary>
    /// The classifier for a knowledge base: trained on every document's title and aliases (all languages) and on
    /// the example questions that are not follow-ups. Null when the knowledge base has no examples: trained on
    /// names alone it would only repeat the index, with probabilities that mean little among few documents.
    /// </summary>
    public static QuestionClassifier? For(KnowledgeBase knowledge, KnowledgeIndex index)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        if (knowledge.Examples.Count == 0)
        {
            return null;
        }
        var examples = TrainingSet(knowledge);
        // What the model depends on: the examples, and the documents' words (which words of a question are known).
        var documents = knowledge.Documents.Select(d => $"{d.Key}\t{d.Summary}\t{string.Join('\n', d.Sections.Values.SelectMany(s => s.Lines.Prepend(s.Heading)))}");
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', examples.Select(e => $"{e.Label}\t{e.Text}").Concat(documents)))));
        lock (CacheLock)
        {
            if (s_last is { } last && last.Fingerprint == fingerprint)
            {
                return last.Model;
            }
        }
        var model = Train(examples, index);
        lock (CacheLock)
        {
            s_last = (fingerprint, model);
        }
        return model;
    }

    public static IReadOnlyList<LabelledQuestion> TrainingSet(KnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        var names = knowledge.Documents.SelectMany(d => d.Aliases.Prepend(d.Title).Select(name => new LabelledQuestion(name, d.Key)));
        var examples = knowledge.Examples.Select(e => new LabelledQuestion(e.Text, e.Expected));
        return [.. names.Concat(examples)];
    }

    public static QuestionClassifier Train(IReadOnlyList<LabelledQuestion> examples, KnowledgeIndex index)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(index);
        var features = new Dictionary<string, int>(StringComparer.Ordinal);
        var labels = examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var vectors = new List<(int[] Features, double Value, int Label)>();
        foreach (var example in examples)
        {
            var names = FeaturesOf(example.Text, index);
            if (names.Count == 0)
            {
                continue;
            }
            var ids = names.Select(n => features.TryGetValue(n, out var id) ? id : features[n] = features.Count).ToArray();
            vectors.Add((ids, 1 / Math.Sqrt(ids.Length), labelIndex[example.Label]));
        }
        var bias = features.Count;
        var weights = labels.Select(_ => new double[bias + 1]).ToArray();
        var order = Enumerable.Range(0, vectors.Count).ToArray();
        var random = new Random(20251201);
        var scores = new double[labels.Length];
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            random.Shuffle(order);
            var rate = LearningRate / (1 + (epoch * 0.1));
            foreach (var n in order)
            {
                var (ids, value, label) = vectors[n];
                Probabilities(weights, ids, value, bias, scores);
                for (var c = 0; c < labels.Length; c++)
                {
                    var gradient = scores[c] - (c == label ? 1 : 0);
                    if (Math.Abs(gradient) < 1e-4)
                    {
                        continue;
                    }
                    var w = weights[c];
                    var step = rate * gradient;
                    foreach (var id in ids)
                    {
                        w[id] -= step * value + (rate * L2 * w[id]);
                    }
                    w[bias] -= step;
                }
            }
        }
        return new QuestionClassifier(index, features, labels, weights);
    }

    /// <summary>Each label with its probability for the question, most likely first.</summary>
    public IReadOnlyList<LabelProbability> Classify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = FeaturesOf(text, _index).Select(n => _features.TryGetValue(n, out var id) ? id : -1).Where(id => id >= 0).ToArray();
        var scores = new double[_labels.Length];
        Probabilities(_weights, ids, ids.Length == 0 ? 0 : 1 / Math.Sqrt(ids.Length), _features.Count, scores);
        return [.. _labels.Select((l, i) => new LabelProbability(l, scores[i])).OrderByDescending(p => p.Probability)];
    }

    private static void Probabilities(double[][] weights, int[] ids, double value, int bias, double[] scores)
    {
        var max = double.MinValue;
        for (var c = 0; c < weights.Length; c++)
        {
            var w = weights[c];
            var sum = w[bias];
            foreach (var id in ids)
            {
                sum += w[id] * value;
            }
            scores[c] = sum;
            max = Math.Max(max, sum);
        }
        var total = 0.0;
        for (var c = 0; c < scores.Length; c++)
        {
            scores[c] = Math.Exp(scores[c] - max);
            total += scores[c];
        }
        for (var c = 0; c < scores.Length; c++)
        {
            scores[c] /= total;
        }
    }

    /// <summary>
    /// The question's words as the index reads them, adjacent word pairs within a clause, letter groups of three and
    /// four, and one mark per word the knowledge base does not use: "nuôi chim yến" is about something no document
    /// covers, however well "giấy phép" matches one.
    /// </summary>
    internal static HashSet<string> FeaturesOf(string text, KnowledgeIndex index)
    {
        var words = index.Words(text);
        var features = new HashSet<string>(StringComparer.Ordinal);
        var unknown = 0;
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i] == QueryText.Boundary)
            {
                continue;
            }
            features.Add("w " + words[i]);
            if (!index.Knows(words[i]))
            {
                features.Add($"u {++unknown}");
            }
            if (i + 1 < words.Length && words[i + 1] != QueryText.Boundary)
            {
                features.Add($"p {words[i]} {words[i + 1]}");
            }
        }
        var joined = $" {string.Join(' ', words.Where(w => w != QueryText.Boundary))} ";
        for (var n = 3; n <= 4; n++)
        {
            for (var i = 0; i + n <= joined.Length; i++)
            {
                features.Add(string.Concat("c ", joined.AsSpan(i, n)));
            }
        }
        return features;
    }
}

using System.Security.Cryptography;
using System.Text;
using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Knowledge;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

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
    private const double LearningRate = 4; // chosen by five-fold cross-validation over the examples (0.4: 91.5 % top-1, 4: 93.7 %)
    private const double L2 = 1e-5;

    private readonly KnowledgeIndex _index;
    private readonly Dictionary<ulong, int> _features;
    private readonly string[] _labels;
    // Single precision once trained: half the memory of the largest table of a snapshot (#21). A weight moves by at
    // most 1e-6 and a label's score by about 1e-5, far below any threshold the answering steps apply.
    private readonly float[] _weights;

    private QuestionClassifier(KnowledgeIndex index, Dictionary<ulong, int> features, string[] labels, float[] weights)
    {
        _index = index;
        _features = features;
        _labels = labels;
        _weights = weights;
    }

    /// <summary>Size of the model: distinct features by labels (each pair one weight).</summary>
    public (int Features, int Labels) Size => (_features.Count, _labels.Length);

    /// <summary>What <see cref="ClassifierStore"/> keeps: each feature's hash by its id, the labels, the weights.</summary>
    internal (ulong[] Features, IReadOnlyList<string> Labels, float[] Weights) Parameters
    {
        get
        {
            var features = new ulong[_features.Count];
            foreach (var (hash, id) in _features)
            {
                features[id] = hash;
            }
            return (features, _labels, _weights);
        }
    }

    /// <summary>A model as <see cref="Parameters"/> gave it (read back by <see cref="ClassifierStore"/>).</summary>
    internal static QuestionClassifier FromParameters(KnowledgeIndex index, ulong[] features, string[] labels, float[] weights)
    {
        var ids = new Dictionary<ulong, int>(features.Length);
        for (var id = 0; id < features.Length; id++)
        {
            ids.Add(features[id], id);
        }
        return new QuestionClassifier(index, ids, labels, weights);
    }

    /// <summary>What the model depends on: the examples, and the documents' words (which words of a question are known).</summary>
    internal static string Fingerprint(IReadOnlyList<LabelledQuestion> examples, KnowledgeBase knowledge)
    {
        var documents = knowledge.Documents.Select(d => $"{d.Key}\t{d.Summary}\t{string.Join('\n', d.Sections.Values.SelectMany(s => s.Lines.Prepend(s.Heading)))}");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', examples.Select(e => $"{e.Label}\t{e.Text}").Concat(documents)))));
    }

    /// <summary>
    /// A knowledge base exactly as its files give it: the model's store key from the files' content
    /// (<see cref="ClassifierStore.KeyForContent"/>), and the model being read under it meanwhile, if it is.
    /// </summary>
    public sealed record KnownContent(byte[] StoreKey, Task<ClassifierStore.StoredModel?>? Reading);

    private static QuestionClassifier LoadOrTrain(
        ClassifierStore? store, string fingerprint, KnowledgeBase knowledge, Func<IReadOnlyList<LabelledQuestion>> trainingSet, KnowledgeIndex index,
        ILogger logger, KnownContent? content)
    {
        QuestionClassifier TrainLogged()
        {
            var examples = trainingSet();
            // The longest part of a first start: say so, and how far it is, so a waiting operator sees it move.
            logger.LogInformation("Training the question classifier on {Count} questions ({Where})", examples.Count,
                store is null ? "not kept: Knowledge:CacheFolder is empty" : $"once for this knowledge; kept in {store.Folder} for later starts");
            return Train(examples, index, (done, total) =>
            {
                if (done % 5 == 0 || done == total)
                {
                    logger.LogInformation("Training the question classifier: {Done}/{Total}", done, total);
                }
            });
        }
        if (store is null)
        {
            return TrainLogged();
        }
        var key = content?.StoreKey ?? ClassifierStore.KeyFor(fingerprint, knowledge);
        var read = content?.Reading is { } reading ? reading.GetAwaiter().GetResult() : store.TryRead(key);
        if (read is not null)
        {
            logger.LogInformation("Question classifier read from {Path}", store.PathFor(key));
            return read.For(index);
        }
        var trained = TrainLogged();
        store.Save(key, trained);
        return trained;
    }

    // Loads of the same documents and examples in one process reuse the model trained last, and loads that ask for it
    // while it is being trained wait for it rather than train it again. Only the last is kept: a model holds the
    // index of the knowledge base it was trained with, so a kept older model would keep a replaced knowledge base in
    // memory after every reload (about 150 MB each at the bundled size).
    private const int CachedModels = 1;
    private static readonly Lock CacheLock = new();
    private static readonly List<(string Fingerprint, Lazy<QuestionClassifier> Model)> Cache = [];

    /// <summary>
    /// The classifier for a knowledge base: trained on every document's title and aliases (all languages) and on
    /// the example questions that are not follow-ups. Null when the knowledge base has no examples: trained on
    /// names alone it would only repeat the index, with probabilities that mean little among few documents.
    /// </summary>
    /// <param name="store">Where trained models are kept across restarts; null to train on every start.</param>
    /// <param name="logger">Told whether the model was read from the store or is being trained, and how far the training is.</param>
    /// <param name="content">
    /// Set when the knowledge base is exactly as its files give it: its content key stands for the fingerprint, and the
    /// training set is made only if the model must be trained.
    /// </param>
    public static QuestionClassifier? For(KnowledgeBase knowledge, KnowledgeIndex index, ClassifierStore? store = null, ILogger? logger = null, KnownContent? content = null)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        if (knowledge.Examples.Count == 0)
        {
            return null;
        }
        IReadOnlyList<LabelledQuestion>? examples = null;
        IReadOnlyList<LabelledQuestion> Examples() => examples ??= TrainingSet(knowledge);
        var fingerprint = content is null ? Fingerprint(Examples(), knowledge) : "content " + Convert.ToHexString(content.StoreKey);
        Lazy<QuestionClassifier> model;
        lock (CacheLock)
        {
            var cached = Cache.FindIndex(c => c.Fingerprint == fingerprint);
            model = cached >= 0 ? Cache[cached].Model : new Lazy<QuestionClassifier>(() => LoadOrTrain(store, fingerprint, knowledge, Examples, index, logger ?? NullLogger.Instance, content));
            if (cached >= 0)
            {
                Cache.RemoveAt(cached);
            }
            Cache.Add((fingerprint, model)); // most recently used last
            if (Cache.Count > CachedModels)
            {
                Cache.RemoveAt(0);
            }
        }
        return model.Value;
    }

    public static IReadOnlyList<LabelledQuestion> TrainingSet(KnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        // Catalog entries with names citizens use (catalog/aliases.tsv) are learned too; the thousands without are the index's job.
        var names = knowledge.Documents.Concat(knowledge.Catalog.Where(c => c.Aliases.Count > 0))
            .SelectMany(d => d.Aliases.Prepend(d.Title).Select(name => new LabelledQuestion(name, d.Key)));
        var written = knowledge.Documents.SelectMany(DocumentQuestions.For);
        var examples = knowledge.Examples.Select(e => new LabelledQuestion(e.Text, e.Expected));
        return [.. names.Concat(written).Concat(examples)];
    }

    /// <param name="epochDone">Called after each pass over the examples with the passes done and their number.</param>
    public static QuestionClassifier Train(IReadOnlyList<LabelledQuestion> examples, KnowledgeIndex index, Action<int, int>? epochDone = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(index);
        var features = new Dictionary<ulong, int>();
        var labels = examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var vectors = new List<(int[] Features, double Value, int Label, ulong Key)>();
        foreach (var example in examples)
        {
            var hashes = ClassifierFeatures.Of(example.Text, index);
            if (hashes.Count == 0)
            {
                continue;
            }
            var ids = hashes.Select(h => features.TryGetValue(h, out var id) ? id : features[h] = features.Count).ToArray();
            vectors.Add((ids, 1 / Math.Sqrt(ids.Length), labelIndex[example.Label], ClassifierFeatures.Hash('e', example.Text, example.Label)));
        }
        var count = labels.Length;
        var bias = features.Count;
        var weights = new double[(bias + 1) * count];
        var order = Enumerable.Range(0, vectors.Count).ToArray();
        var scores = new double[count];
        var steps = new double[count];
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            // Each example's place in an epoch comes from its own text, not from a shuffle of the whole list: adding or
            // removing one example leaves the others in the same order, so the model does not swing with every edit.
            var seed = (ulong)epoch;
            Array.Sort(order, (a, b) => Mix(vectors[a].Key + seed).CompareTo(Mix(vectors[b].Key + seed)));
            var rate = LearningRate / (1 + (epoch * 0.1));
            foreach (var n in order)
            {
                var (ids, value, label, _) = vectors[n];
                ClassifierMath.Probabilities(weights, ids, value, bias, scores);
                var any = false;
                for (var c = 0; c < count; c++)
                {
                    var gradient = scores[c] - (c == label ? 1 : 0);
                    // A label the model already has right to within 1e-4 is left as it is (no step, no decay).
                    steps[c] = Math.Abs(gradient) < 1e-4 ? 0 : rate * gradient;
                    any |= steps[c] != 0;
                }
                if (!any)
                {
                    continue;
                }
                foreach (var id in ids)
                {
                    ClassifierMath.Step(weights.AsSpan(id * count, count), steps, value, rate * L2);
                }
                for (var c = 0; c < count; c++)
                {
                    weights[(bias * count) + c] -= steps[c];
                }
            }
            epochDone?.Invoke(epoch + 1, Epochs);
        }
        // Trained in double precision, kept in single.
        return new QuestionClassifier(index, features, labels, Array.ConvertAll(weights, w => (float)w));
    }

    /// <summary>Each label with its probability for the question, most likely first.</summary>
    public IReadOnlyList<LabelProbability> Classify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hashes = ClassifierFeatures.Of(text, _index);
        var ids = new List<int>(hashes.Count);
        foreach (var hash in hashes)
        {
            if (_features.TryGetValue(hash, out var id))
            {
                ids.Add(id);
            }
        }
        var scores = new double[_labels.Length];
        ClassifierMath.Probabilities(_weights, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ids), ids.Count == 0 ? 0 : 1 / Math.Sqrt(ids.Count), _features.Count, scores);
        var ranked = new LabelProbability[_labels.Length];
        for (var c = 0; c < ranked.Length; c++)
        {
            ranked[c] = new LabelProbability(_labels[c], scores[c]);
        }
        Array.Sort(ranked, (x, y) => y.Probability.CompareTo(x.Probability));
        return ranked;
    }

    /// <summary>SplitMix64's finaliser: spreads a key so that orders drawn from key + epoch differ from epoch to epoch.</summary>
    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }
}

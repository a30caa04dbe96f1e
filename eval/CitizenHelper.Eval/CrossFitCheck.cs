using System.Globalization;
using CitizenHelper.Answering.Retrieval;
using CitizenHelper.Answering.Understanding;
using CitizenHelper.Knowledge;

namespace CitizenHelper.Eval;

/// <summary>
/// Experiment (eval only): would the classifier's probabilities, cross-fitted so that training sees them as a new
/// question does, make the candidate ranker better? Trains the ranker with and without two more features (the
/// candidate's classifier probability, the classifier's "none") on one held-out fold and compares.
/// </summary>
public static class CrossFitCheck
{
    private const int Inner = 3;

    public static async Task<string> RunAsync(string knowledgeRoot, int folds, int fold)
    {
        var examples = HeldOut.SingleTurnExamples(knowledgeRoot);
        var root = Directory.CreateTempSubdirectory("cross-fit-").FullName;
        try
        {
            var knowledge = await HeldOut.LoadTrainingCopyAsync(knowledgeRoot, root, examples, folds, fold).ConfigureAwait(false);
            var index = KnowledgeIndex.Build(knowledge);
            string Group(string label, string text) => label == QuestionClassifier.None ? "none\t" + text : knowledge.SameTitle(label)[0];
            int InnerFold(string label, string text) => (int)(HeldOut.Fnv(Group(label, text)) % Inner);

            // Names and the documents' own questions for every document, as the held-out classifier has; the examples of
            // one inner fold of procedures left out, as a new procedure's are.
            var names = QuestionClassifier.TrainingSet(knowledge).Where(q => !knowledge.Examples.Any(e => e.Text == q.Text && e.Expected == q.Label)).ToList();
            var exampled = knowledge.Examples.Select(e => new LabelledQuestion(e.Text, e.Expected)).ToList();
            var inner = Enumerable.Range(0, Inner).Select(k => QuestionClassifier.Train([.. names, .. exampled.Where(e => InnerFold(e.Label, e.Text) != k)], index)).ToArray();
            var full = QuestionClassifier.Train([.. names, .. exampled], index);

            // The documents' own questions train the ranker without the classifier: it learned them, so it is sure of
            // them as it never is of a new question; the examples train both, with the classifier that left them out.
            var training = exampled.Select(e => (Question: e, Classifier: (QuestionClassifier?)inner[InnerFold(e.Label, e.Text)]))
                .Concat(knowledge.Documents.SelectMany(DocumentQuestions.For).Select(q => (Question: q, Classifier: (QuestionClassifier?)null)));
            var rows = new List<(double[] Features, double Label)>();
            var baseRows = new List<(double[] Features, double Label)>();
            foreach (var (question, classifier) in training)
            {
                var candidates = CandidateRanker.Grouped(index.Search(question.Text, CandidateRanker.Candidates), knowledge);
                var right = question.Label == QuestionClassifier.None ? [] : knowledge.SameTitle(question.Label);
                var labels = candidates.Select(c => right.Contains(c.Key) ? 1.0 : 0.0).ToList();
                if (question.Label != QuestionClassifier.None && !labels.Contains(1))
                {
                    continue;
                }
                baseRows.AddRange(CandidateRanker.Features(question.Text, candidates, knowledge, index).Zip(labels));
                if (classifier is not null)
                {
                    rows.AddRange(Extended(question.Text, candidates, knowledge, index, classifier).Zip(labels));
                }
            }
            var baseCount = CandidateRanker.FeatureNames.Count;
            var withClassifier = Fit(rows);
            var without = Fit(baseRows);

            int answerable = 0, retrieverRight = 0, baseRight = 0, extRight = 0;
            var firsts = new List<(double Base, double Ext, string Kind)>();
            var doubted = new List<string>();
            foreach (var q in examples.Where(q => HeldOut.FoldOf(q, folds) == fold))
            {
                var candidates = CandidateRanker.Grouped(index.Search(q.Question, CandidateRanker.Candidates), knowledge);
                if (candidates.Count == 0)
                {
                    continue;
                }
                var right = q.Expected == EvalReport.None ? [] : knowledge.SameTitle(q.Expected);
                var features = Extended(q.Question, candidates, knowledge, index, full);
                var pExt = features.Select(f => Logistic.Probability(withClassifier, f)).ToList();
                var pBase = features.Select(f => Logistic.Probability(without, f[..baseCount])).ToList();
                var none = full.Classify(q.Question).FirstOrDefault(l => l.Label == QuestionClassifier.None).Probability;
                if (!knowledge.HasExamplesFor(candidates[0].Key) && pBase[0] >= 0.9 && none >= 0.7)
                {
                    // Where the pipeline hands over today: the ranker sure, the classifier leaning to "no document".
                    doubted.Add(string.Create(CultureInfo.InvariantCulture, $"  {q.Id} {(q.Expected == EvalReport.None ? "oos" : right.Contains(candidates[0].Key) ? "right" : "wrong")} ranker {pBase[0]:F2} none {none:F2} with the classifier {pExt[0]:F2}"));
                }
                if (!knowledge.HasExamplesFor(candidates[0].Key))
                {
                    firsts.Add((pBase[0], pExt[0], q.Expected == EvalReport.None ? "oos" : right.Contains(candidates[0].Key) ? "right" : "wrong"));
                }
                if (q.Expected == EvalReport.None)
                {
                    continue;
                }
                answerable++;
                retrieverRight += right.Contains(candidates[0].Key) ? 1 : 0;
                baseRight += right.Contains(candidates[pBase.IndexOf(pBase.Max())].Key) ? 1 : 0;
                extRight += right.Contains(candidates[pExt.IndexOf(pExt.Max())].Key) ? 1 : 0;
            }
            var lines = new List<string>
            {
                string.Create(CultureInfo.InvariantCulture, $"fold {fold}: {answerable} answerable; first: retriever {(double)retrieverRight / answerable:P1}, ranker {(double)baseRight / answerable:P1}, with the classifier {(double)extRight / answerable:P1}"),
                "first candidate without examples, counted at each probability: (right, wrong, out of scope) for the ranker / with the classifier",
            };
            foreach (var t in new[] { 0.5, 0.7, 0.8, 0.85, 0.9, 0.95 })
            {
                (int, int, int) Count(Func<(double Base, double Ext, string Kind), double> p) =>
                    (firsts.Count(f => p(f) >= t && f.Kind == "right"), firsts.Count(f => p(f) >= t && f.Kind == "wrong"), firsts.Count(f => p(f) >= t && f.Kind == "oos"));
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"  >= {t:F2}: {Count(f => f.Base)} / {Count(f => f.Ext)}"));
            }
            lines.Add("ranker >= 0.9 over a classifier's \"none\" >= 0.7:");
            lines.AddRange(doubted);
            lines.Add($"weights with the classifier: {string.Join(", ", withClassifier.Select(w => w.ToString("F2", CultureInfo.InvariantCulture)))}");
            return string.Join('\n', lines);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static List<double[]> Extended(string text, IReadOnlyList<ScoredDocument> candidates, KnowledgeBase knowledge, KnowledgeIndex index, QuestionClassifier classifier)
    {
        var labels = classifier.Classify(text);
        var none = labels.FirstOrDefault(l => l.Label == QuestionClassifier.None).Probability;
        return [.. CandidateRanker.Features(text, candidates, knowledge, index).Select((f, i) =>
        {
            var group = knowledge.SameTitle(candidates[i].Key);
            var p = labels.Where(l => group.Contains(l.Label)).Sum(l => l.Probability);
            return (double[])[.. f, p, none];
        })];
    }

    private static double[] Fit(List<(double[] Features, double Label)> rows)
    {
        var weights = new double[rows[0].Features.Length];
        for (var epoch = 0; epoch < 30; epoch++)
        {
            var rate = 0.05 / (1 + (epoch * 0.1));
            foreach (var (features, label) in rows)
            {
                var gradient = Logistic.Probability(weights, features) - label;
                for (var f = 0; f < weights.Length; f++)
                {
                    weights[f] -= rate * ((gradient * features[f]) + (1e-4 * weights[f]));
                }
            }
        }
        return weights;
    }
}

using System.Numerics;

namespace CitizenHelper.Answering.Understanding;

/// <summary>The arithmetic of <see cref="QuestionClassifier"/>'s weights: label probabilities and a training step.</summary>
internal static class ClassifierMath
{
    // Weights are stored feature by feature (all labels of a feature side by side), the bias last.
    public static void Probabilities(double[] weights, ReadOnlySpan<int> ids, double value, int bias, double[] scores)
    {
        var count = scores.Length;
        weights.AsSpan(bias * count, count).CopyTo(scores);
        foreach (var id in ids)
        {
            AddScaled(scores, weights.AsSpan(id * count, count), value);
        }
        Normalize(scores);
    }

    /// <summary>Scores to probabilities (softmax).</summary>
    private static void Normalize(double[] scores)
    {
        var count = scores.Length;
        var max = double.MinValue;
        foreach (var score in scores)
        {
            max = Math.Max(max, score);
        }
        var total = 0.0;
        for (var c = 0; c < count; c++)
        {
            scores[c] = Math.Exp(scores[c] - max);
            total += scores[c];
        }
        for (var c = 0; c < count; c++)
        {
            scores[c] /= total;
        }
    }

    /// <summary>As above, with a trained model's single-precision weights (added up in double precision).</summary>
    public static void Probabilities(float[] weights, ReadOnlySpan<int> ids, double value, int bias, double[] scores)
    {
        var count = scores.Length;
        var row = weights.AsSpan(bias * count, count);
        for (var c = 0; c < count; c++)
        {
            scores[c] = row[c];
        }
        foreach (var id in ids)
        {
            row = weights.AsSpan(id * count, count);
            for (var c = 0; c < count; c++)
            {
                scores[c] += row[c] * value;
            }
        }
        Normalize(scores);
    }

    // The two inner loops of training and classifying run over all labels of one feature, side by side in memory:
    // done a vector at a time they take a fraction of the time (training is most of a knowledge-base load).
    private static void AddScaled(Span<double> target, ReadOnlySpan<double> source, double factor)
    {
        var c = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var f = new Vector<double>(factor);
            for (; c <= target.Length - Vector<double>.Count; c += Vector<double>.Count)
            {
                (new Vector<double>(target[c..]) + (new Vector<double>(source[c..]) * f)).CopyTo(target[c..]);
            }
        }
        for (; c < target.Length; c++)
        {
            target[c] += source[c] * factor;
        }
    }

    /// <summary>row[c] -= step[c] × value + decay × row[c], for the labels with a step.</summary>
    public static void Step(Span<double> row, ReadOnlySpan<double> steps, double value, double decay)
    {
        var c = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var v = new Vector<double>(value);
            var d = new Vector<double>(decay);
            for (; c <= row.Length - Vector<double>.Count; c += Vector<double>.Count)
            {
                var step = new Vector<double>(steps[c..]);
                var w = new Vector<double>(row[c..]);
                var decayed = Vector.ConditionalSelect(Vector.Equals(step, Vector<double>.Zero), Vector<double>.Zero, w * d);
                (w - (step * v) - decayed).CopyTo(row[c..]);
            }
        }
        for (; c < row.Length; c++)
        {
            if (steps[c] != 0)
            {
                row[c] -= (steps[c] * value) + (decay * row[c]);
            }
        }
    }
}

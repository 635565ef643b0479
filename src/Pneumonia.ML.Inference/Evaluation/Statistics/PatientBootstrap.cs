namespace Pneumonia.ML.Evaluation.Statistics;

/// <summary>
/// Percentile bootstrap intervals that resample patients rather than images (a patient's images are not
/// independent), stratified by class: each resample draws, with replacement, as many normal patients and as many
/// pneumonia patients as there are, and takes all the images of every patient drawn.
/// </summary>
internal sealed class PatientBootstrap
{
    private readonly IReadOnlyList<bool> _labels;
    private readonly IReadOnlyList<float> _scores;
    private readonly int[][][] _patientsByClass;

    /// <param name="labels">True for pneumonia.</param>
    /// <param name="scores">One probability per image.</param>
    /// <param name="patients">One patient identifier per image; a patient's class is the class of their first image.</param>
    public PatientBootstrap(IReadOnlyList<bool> labels, IReadOnlyList<float> scores, IReadOnlyList<string> patients)
    {
        if (labels.Count != scores.Count || labels.Count != patients.Count)
            throw new ArgumentException("There must be one score and one patient per label.");
        _labels = labels;
        _scores = scores;
        var imagesOf = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (int i = 0; i < patients.Count; i++)
        {
            if (!imagesOf.TryGetValue(patients[i], out List<int>? images))
            {
                imagesOf[patients[i]] = images = [];
                order.Add(patients[i]);
            }
            images.Add(i);
        }
        _patientsByClass = [.. new[] { false, true }.Select(label =>
            order.Where(p => labels[imagesOf[p][0]] == label).Select(p => imagesOf[p].ToArray()).ToArray())];
    }

    public string Method(int resamples) => $"patient bootstrap, {resamples:N0} resamples";

    /// <summary>
    /// The percentile interval of <paramref name="statistic"/> over <paramref name="resamples"/> resamples.
    /// Resamples on which the statistic is undefined (NaN) are left out; NaN bounds if all are.
    /// </summary>
    public (double Lower, double Upper) Interval(Func<IReadOnlyList<bool>, IReadOnlyList<float>, double> statistic,
        int resamples, double level, int seed)
    {
        var random = new Random(seed);
        var values = new List<double>(resamples);
        var labels = new List<bool>(_labels.Count);
        var scores = new List<float>(_scores.Count);
        for (int r = 0; r < resamples; r++)
        {
            labels.Clear();
            scores.Clear();
            foreach (int[][] patients in _patientsByClass)
                for (int k = 0; k < patients.Length; k++)
                    foreach (int image in patients[random.Next(patients.Length)])
                    {
                        labels.Add(_labels[image]);
                        scores.Add(_scores[image]);
                    }
            double value = statistic(labels, scores);
            if (!double.IsNaN(value)) values.Add(value);
        }
        if (values.Count == 0) return (double.NaN, double.NaN);
        values.Sort();
        double alpha = 1 - level;
        return (Quantile(values, alpha / 2), Quantile(values, 1 - alpha / 2));
    }

    /// <summary>Linear interpolation between order statistics (Hyndman and Fan's type 7, R's default).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double probability)
    {
        double position = (sorted.Count - 1) * probability;
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}

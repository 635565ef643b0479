using MathNet.Numerics.LinearAlgebra;

namespace Pneumonia.ML.InputCheck;

/// <summary>
/// Where the network's penultimate features of training X-rays lie: their mean and the inverse of their Ledoit–Wolf
/// shrunk covariance, so that the Mahalanobis distance of a new image's features says how unlike the training images
/// the network finds it. <see cref="Threshold"/> is the 99.5th percentile of the distances of held-out fitting images
/// (five interleaved folds, each measured with statistics fitted on the other four), so that about 99.5% of new
/// X-rays like the training ones pass.
/// </summary>
internal sealed class FeatureStatistics
{
    /// <summary>Fewer fitting images than this give no statistics (the feature check is then skipped).</summary>
    public const int MinimumImageCount = 10;

    /// <summary>The share of held-out fitting images whose distance the threshold keeps below it.</summary>
    public const double Coverage = 0.995;

    private const int Folds = 5;

    /// <param name="mean">The features' mean.</param>
    /// <param name="precision">The inverse shrunk covariance, row-major, dimension².</param>
    /// <param name="threshold">Distances above it are unusual.</param>
    /// <param name="imageCount">How many images it was fitted on.</param>
    /// <param name="meanDistance">The mean held-out distance of the fitting images.</param>
    /// <param name="pneumoniaShare">The share of fitting images the classifier called pneumonia (NaN when unknown).</param>
    public FeatureStatistics(float[] mean, float[] precision, double threshold, int imageCount, double meanDistance, double pneumoniaShare)
    {
        if (precision.Length != mean.Length * mean.Length)
            throw new ArgumentException($"A precision matrix of {precision.Length} values does not fit {mean.Length} features.", nameof(precision));
        Mean = mean;
        Precision = precision;
        Threshold = threshold;
        ImageCount = imageCount;
        MeanDistance = meanDistance;
        PneumoniaShare = pneumoniaShare;
    }

    public float[] Mean { get; }

    public float[] Precision { get; }

    public double Threshold { get; }

    public int ImageCount { get; }

    public double MeanDistance { get; }

    public double PneumoniaShare { get; }

    public int Dimension => Mean.Length;

    /// <summary>The Mahalanobis distance √((x − μ)ᵀ P (x − μ)) of one image's features.</summary>
    /// <exception cref="InvalidOperationException">The features do not have the fitted dimension.</exception>
    public double Distance(ReadOnlySpan<float> features)
    {
        if (features.Length != Dimension)
            throw new InvalidOperationException($"The network gives {features.Length} features but the input check was fitted on {Dimension}.");
        int p = Dimension;
        Span<double> centred = p <= 1024 ? stackalloc double[p] : new double[p];
        for (int i = 0; i < p; i++) centred[i] = features[i] - Mean[i];
        double sum = 0;
        for (int i = 0; i < p; i++)
        {
            ReadOnlySpan<float> row = Precision.AsSpan(i * p, p);
            double dot = 0;
            for (int j = 0; j < p; j++) dot += row[j] * centred[j];
            sum += centred[i] * dot;
        }
        return Math.Sqrt(Math.Max(0, sum));
    }

    /// <summary>Fits the statistics on a sample; null for fewer than <see cref="MinimumImageCount"/> training images or no features.</summary>
    /// <param name="training">Features and logits of training images.</param>
    /// <param name="heldOut">Features and logits of held-out images; null when there are none.</param>
    /// <param name="calledPneumonia">Whether the classifier calls a logit pneumonia (its calibration and threshold).</param>
    public static FeatureStatistics? Fit(Engines.EngineScores training, Engines.EngineScores? heldOut, Func<float, bool> calledPneumonia)
    {
        float[][] features = training.Features;
        if (features.Length < MinimumImageCount || features[0].Length == 0) return null;
        double share = training.Logits.Count(calledPneumonia) / (double)training.Logits.Length;
        FeatureStatistics fitted = Fit(features, share);
        if (heldOut is not { Features.Length: >= MinimumImageCount }) return fitted;
        double heldOutThreshold = Percentile(heldOut.Features.Select(f => fitted.Distance(f)).ToArray());
        return heldOutThreshold <= fitted.Threshold ? fitted
            : new FeatureStatistics(fitted.Mean, fitted.Precision, heldOutThreshold, fitted.ImageCount, fitted.MeanDistance, share);
    }

    /// <summary>Fits the statistics on the features of training images (at least <see cref="MinimumImageCount"/>).</summary>
    /// <param name="features">One vector per image, all of one length.</param>
    /// <param name="pneumoniaShare">The share of these images the classifier called pneumonia.</param>
    public static FeatureStatistics Fit(IReadOnlyList<float[]> features, double pneumoniaShare)
    {
        if (features.Count < MinimumImageCount)
            throw new ArgumentException($"The input check needs at least {MinimumImageCount} images.", nameof(features));
        int p = features[0].Length;
        if (features.Any(f => f.Length != p)) throw new ArgumentException("Feature vectors of different lengths.", nameof(features));

        var heldOut = new double[features.Count];
        for (int fold = 0; fold < Folds; fold++)
        {
            var fitted = Estimate(features.Where((_, i) => i % Folds != fold).ToList());
            for (int i = fold; i < features.Count; i += Folds) heldOut[i] = fitted.Distance(features[i]);
        }
        var all = Estimate(features);
        return new FeatureStatistics(all.Mean, all.Precision, Percentile(heldOut), features.Count, heldOut.Average(), pneumoniaShare);
    }

    /// <summary>The <see cref="Coverage"/> quantile of some distances (the smallest value at least that share lies at or below).</summary>
    private static double Percentile(double[] distances)
    {
        double[] sorted = distances.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(Coverage * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Mean and inverse Ledoit–Wolf covariance (shrunk towards a multiple of the identity) of some vectors.</summary>
    private static FeatureStatistics Estimate(IReadOnlyList<float[]> features)
    {
        int n = features.Count, p = features[0].Length;
        Matrix<double> x = Matrix<double>.Build.Dense(n, p, (i, j) => features[i][j]);
        Vector<double> mean = x.ColumnSums() / n;
        for (int i = 0; i < n; i++) x.SetRow(i, x.Row(i) - mean);

        // Ledoit & Wolf (2004), as scikit-learn's ledoit_wolf_shrinkage computes it.
        Matrix<double> covariance = x.TransposeThisAndMultiply(x) / n;
        double mu = covariance.Trace() / p;
        Matrix<double> squares = x.PointwisePower(2);
        double beta = squares.TransposeThisAndMultiply(squares).Enumerate().Sum();
        double delta = covariance.Enumerate().Sum(v => v * v);
        beta = (beta / n - delta) / (p * (double)n);
        delta = (delta - 2 * mu * covariance.Trace() + p * mu * mu) / p;
        double shrinkage = delta <= 0 ? 1 : Math.Clamp(beta / delta, 0, 1);
        Matrix<double> shrunk = covariance * (1 - shrinkage);
        double ridge = shrinkage * mu + Math.Max(1e-6 * mu, 1e-9); // a floor keeps constant features invertible
        for (int i = 0; i < p; i++) shrunk[i, i] += ridge;

        Matrix<double> precision = shrunk.Cholesky().Solve(Matrix<double>.Build.DenseIdentity(p));
        float[] flat = new float[p * p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++) flat[i * p + j] = (float)precision[i, j];
        return new FeatureStatistics(mean.Select(v => (float)v).ToArray(), flat, double.PositiveInfinity, n, double.NaN, double.NaN);
    }
}

namespace Pneumonia.ML.InputCheck;

/// <summary>Combines the image statistics and the feature distance into one <see cref="PneumoniaInputCheck"/>.</summary>
internal static class InputChecker
{
    /// <param name="pixels">The decoded image (3 × S × S bytes).</param>
    /// <param name="width">The original's width (0 when unknown).</param>
    /// <param name="height">The original's height (0 when unknown).</param>
    /// <param name="features">The network's pooled features of the image; null when the engine gives none.</param>
    /// <param name="statistics">The model's training feature statistics; null skips the feature check.</param>
    public static PneumoniaInputCheck Check(byte[] pixels, int width, int height, float[]? features, FeatureStatistics? statistics)
    {
        string? reason = ImageStatistics.Check(pixels, width, height);
        if (statistics is null || features is null) return new PneumoniaInputCheck(reason, null, null);
        double distance = statistics.Distance(features);
        if (reason is null && !(distance <= statistics.Threshold))
            reason = $"the network's features are far from those of its training X-rays (Mahalanobis distance {distance:0.0}, over {statistics.Threshold:0.0}).";
        return new PneumoniaInputCheck(reason, distance, statistics.Threshold);
    }
}

namespace Pneumonia.ML.Persistence;

/// <summary>
/// The input check's training feature statistics, as stored: the mean and the precision matrix (row-major) as
/// little-endian float32 bytes, which JSON holds as base64.
/// </summary>
internal sealed class StoredInputCheck
{
    public byte[] Mean { get; set; } = [];
    public byte[] Precision { get; set; } = [];
    public double Threshold { get; set; }
    public int ImageCount { get; set; }
    public double MeanDistance { get; set; }
    public double PneumoniaShare { get; set; } = double.NaN;

    public static StoredInputCheck? From(InputCheck.FeatureStatistics? s) => s is null ? null : new()
    {
        Mean = System.Runtime.InteropServices.MemoryMarshal.AsBytes(s.Mean.AsSpan()).ToArray(),
        Precision = System.Runtime.InteropServices.MemoryMarshal.AsBytes(s.Precision.AsSpan()).ToArray(),
        Threshold = s.Threshold, ImageCount = s.ImageCount, MeanDistance = s.MeanDistance, PneumoniaShare = s.PneumoniaShare,
    };

    /// <exception cref="System.Text.Json.JsonException">The stored arrays do not fit together.</exception>
    public InputCheck.FeatureStatistics ToStatistics()
    {
        float[] mean = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Mean).ToArray();
        float[] precision = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Precision).ToArray();
        if (mean.Length == 0 || precision.Length != mean.Length * mean.Length || Mean.Length % 4 != 0 || Precision.Length % 4 != 0)
            throw new System.Text.Json.JsonException($"The input check's statistics do not fit together ({Mean.Length} and {Precision.Length} bytes).");
        return new InputCheck.FeatureStatistics(mean, precision, Threshold, ImageCount, MeanDistance, PneumoniaShare);
    }
}

namespace Pneumonia.ML.Persistence;

/// <summary>An operating point, as stored.</summary>
internal sealed class StoredOperatingPoint
{
    public string Name { get; set; } = "";
    public double Threshold { get; set; }
    public double Sensitivity { get; set; }
    public double Specificity { get; set; }
}

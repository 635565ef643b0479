namespace Pneumonia.ML;

/// <summary>
/// A threshold a clinician can ask for, chosen on held-out predictions when the model was made (for a cross-validated
/// model, the out-of-fold predictions): the classifier's own threshold, or one that keeps sensitivity or specificity
/// at a minimum. <see cref="Sensitivity"/> and <see cref="Specificity"/> are what it gave on those predictions.
/// </summary>
public sealed record PneumoniaOperatingPoint
{
    internal PneumoniaOperatingPoint(string name, double threshold, double sensitivity, double specificity)
    {
        Name = name;
        Threshold = threshold;
        Sensitivity = sensitivity;
        Specificity = specificity;
    }

    /// <summary>What the point was chosen for, in words ("sensitivity ≥ 0.95").</summary>
    public string Name { get; }

    /// <summary>The probability at or above which an image is called pneumonia.</summary>
    public double Threshold { get; }

    /// <summary>Sensitivity at <see cref="Threshold"/> on the predictions it was chosen on.</summary>
    public double Sensitivity { get; }

    /// <summary>Specificity at <see cref="Threshold"/> on the predictions it was chosen on.</summary>
    public double Specificity { get; }
}

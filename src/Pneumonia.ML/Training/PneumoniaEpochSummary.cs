namespace Pneumonia.ML;

/// <summary>The figures of one finished training epoch.</summary>
public sealed record PneumoniaEpochSummary
{
    internal PneumoniaEpochSummary(int epoch, double loss, double accuracy, PneumoniaMetrics? validation)
    {
        Epoch = epoch;
        Loss = loss;
        Accuracy = accuracy;
        Validation = validation;
    }

    /// <summary>1-based epoch.</summary>
    public int Epoch { get; }

    /// <summary>Mean training loss.</summary>
    public double Loss { get; }

    /// <summary>Training accuracy at a 0.5 threshold.</summary>
    public double Accuracy { get; }

    /// <summary>Validation metrics, when a validation split exists.</summary>
    public PneumoniaMetrics? Validation { get; }
}

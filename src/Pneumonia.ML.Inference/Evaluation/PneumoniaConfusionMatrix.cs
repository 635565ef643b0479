namespace Pneumonia.ML;

/// <summary>Counts of a binary decision, pneumonia being the positive class.</summary>
public sealed record PneumoniaConfusionMatrix
{
    internal PneumoniaConfusionMatrix(int truePositives, int falsePositives, int trueNegatives, int falseNegatives)
    {
        TruePositives = truePositives;
        FalsePositives = falsePositives;
        TrueNegatives = trueNegatives;
        FalseNegatives = falseNegatives;
    }

    /// <summary>Pneumonia called pneumonia.</summary>
    public int TruePositives { get; }

    /// <summary>Normal called pneumonia.</summary>
    public int FalsePositives { get; }

    /// <summary>Normal called normal.</summary>
    public int TrueNegatives { get; }

    /// <summary>Pneumonia called normal.</summary>
    public int FalseNegatives { get; }
}

using Pneumonia.ML.Explainability;

namespace Pneumonia.ML;

/// <summary>
/// Where the network looked for one X-ray: a Grad-CAM heat map (Selvaraju et al. 2017) of the predicted class —
/// the regions that raise the score of pneumonia when the answer is pneumonia, of normal when it is normal.
/// </summary>
public sealed record PneumoniaExplanation
{
    private readonly byte[] _image;

    internal PneumoniaExplanation(string source, PneumoniaPrediction prediction, float[] heatmap, int heatmapSize, byte[] image)
    {
        Source = source;
        Prediction = prediction;
        Heatmap = Array.AsReadOnly(heatmap);
        HeatmapSize = heatmapSize;
        _image = image;
    }

    /// <summary>The explained file's full path, or <c>"(bytes)"</c>.</summary>
    public string Source { get; }

    /// <summary>The prediction explained, identical to what <see cref="PneumoniaClassifier.Predict(string)"/> returns.</summary>
    public PneumoniaPrediction Prediction { get; }

    /// <summary>
    /// The heat, <see cref="HeatmapSize"/> × <see cref="HeatmapSize"/> values in [0, 1] row by row from the top-left,
    /// over the image stretched to a square as the network sees it; 1 is the hottest point. All zero when no region
    /// raises the predicted class's score.
    /// </summary>
    public IReadOnlyList<float> Heatmap { get; }

    /// <summary>Side of the heat map: the network's input size (<see cref="PneumoniaClassifier.ImageSize"/>).</summary>
    public int HeatmapSize { get; }

    /// <summary>
    /// The class whose score the heat raises, an index into <see cref="PneumoniaPrediction.Classes"/>: the predicted
    /// class unless another was asked for (<see cref="PneumoniaClassifier.Explain(string, int)"/>).
    /// </summary>
    public int ExplainedClass { get; internal init; }

    /// <summary>The name of <see cref="ExplainedClass"/>, for display.</summary>
    public string ExplainedClassLabel => Prediction.Classes[ExplainedClass];

    /// <summary>The heat map drawn over the X-ray, with a colour bar and the prediction as title, as PNG bytes (600 × 600).</summary>
    public byte[] ToPng()
    {
        string title = Prediction.Classes.Count > 2
            ? FormattableString.Invariant($"{Prediction.ClassLabel} (p {Prediction.ClassProbabilities[Prediction.ClassIndex]:0.000}); p(pneumonia) = {Prediction.Probability:0.000}")
            : FormattableString.Invariant($"{Prediction.Label}: p(pneumonia) = {Prediction.Probability:0.000}, threshold {Prediction.Threshold:0.00}");
        string name = Source.StartsWith('(') ? Source : Path.GetFileName(Source);
        string explained = Prediction.Classes.Count > 2 || ExplainedClassLabel != Prediction.Label ? ExplainedClassLabel : Prediction.Label;
        string heat = Heatmap.Any(h => h > 0) ? $"Grad-CAM of {explained}" : $"Grad-CAM of {explained}: no region raised its score";
        return ExplanationPicture.Render(_image, Heatmap, HeatmapSize, title, $"{heat} — {name}");
    }

    /// <summary>Writes <see cref="ToPng"/> to a file, creating its folder if needed.</summary>
    public void SavePng(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        File.WriteAllBytes(path, ToPng());
    }
}

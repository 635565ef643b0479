using Microsoft.ML;
using Microsoft.ML.Data;

namespace Pneumonia.ML.MLNet;

/// <summary>
/// The three columns ML.NET's binary classifiers append, and how a probability becomes them. <c>Score</c> is a margin:
/// logit(p) − logit(threshold), so that its sign is the classifier's decision, as ML.NET's evaluators expect (they
/// call a row positive when its score is above 0, whatever the probability). Finite always: ML.NET's evaluators skip
/// rows with infinite scores.
/// </summary>
internal sealed class BinaryColumns(double threshold) : OutputColumns
{
    public const string Score = "Score";
    public const string Probability = "Probability";
    public const string PredictedLabel = "PredictedLabel";

    // The largest float below 1 is 1 − 2⁻²⁴; 1 itself is mapped just past it, 0 just below the smallest positive float.
    private const double Highest = 1 - 1.0 / (1 << 25);
    private const double Lowest = 1.0e-46;

    public override Delegate Getter(int index, Func<ImageScores> scores) => index switch
    {
        0 => (ValueGetter<float>)((ref float value) => value = Margin(scores().Probability, threshold)),
        1 => (ValueGetter<float>)((ref float value) => value = scores().Probability),
        _ => (ValueGetter<bool>)((ref bool value) => value = scores().Probability >= threshold),
    };

    /// <summary>
    /// The margin of probability <paramref name="p"/> at <paramref name="threshold"/>: positive exactly when
    /// p ≥ threshold (the classifier's rule), increasing in p, equal for equal p, and finite.
    /// </summary>
    public static float Margin(float p, double threshold)
    {
        double margin = Logit(p) - Logit(threshold);
        float score = (float)margin;
        return p >= threshold ? Math.Max(score, float.Epsilon) : Math.Min(score, 0f);
    }

    protected override void AddTo(DataViewSchema.Builder builder)
    {
        builder.AddColumn(Score, NumberDataViewType.Single);
        builder.AddColumn(Probability, NumberDataViewType.Single);
        builder.AddColumn(PredictedLabel, BooleanDataViewType.Instance);
    }

    /// <summary>The input schema shape with the three columns appended.</summary>
    public static SchemaShape Shape(SchemaShape input) => Append(input,
    [
        new SchemaShape.Column(Score, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false),
        new SchemaShape.Column(Probability, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false),
        new SchemaShape.Column(PredictedLabel, SchemaShape.Column.VectorKind.Scalar, BooleanDataViewType.Instance, false),
    ]);

    private static double Logit(double p)
    {
        p = Math.Clamp(p, Lowest, Highest);
        return Math.Log(p) - Math.Log(1 - p);
    }
}

using System.Globalization;

namespace Pneumonia.ML;

/// <summary>
/// How a model's decision threshold was chosen, as data: the rule, the predictions it was applied to and how many
/// images and patients they covered; <see cref="Description"/> says the same in words. Stored in the model file.
/// </summary>
/// <remarks>
/// A threshold chosen on <see cref="PneumoniaThresholdSource.OutOfFoldPredictions"/> was chosen on images from the same
/// hospital as the training images: figures measured at it elsewhere are the ones to trust.
/// </remarks>
public sealed class PneumoniaThresholdOrigin
{
    internal PneumoniaThresholdOrigin(PneumoniaThresholdRule rule, PneumoniaThresholdSource source, int imageCount,
        int patientCount, int foldCount, string description)
    {
        Rule = rule;
        Source = source;
        ImageCount = imageCount;
        PatientCount = patientCount;
        FoldCount = foldCount;
        Description = description;
    }

    /// <summary>The rule the threshold was chosen by.</summary>
    public PneumoniaThresholdRule Rule { get; }

    /// <summary>The predictions it was chosen on.</summary>
    public PneumoniaThresholdSource Source { get; }

    /// <summary>How many images those predictions covered; 0 for <see cref="PneumoniaThresholdSource.None"/>.</summary>
    public int ImageCount { get; }

    /// <summary>How many patients those images came from; 0 for <see cref="PneumoniaThresholdSource.None"/>.</summary>
    public int PatientCount { get; }

    /// <summary>The cross-validation's fold count for <see cref="PneumoniaThresholdSource.OutOfFoldPredictions"/>; otherwise 0.</summary>
    public int FoldCount { get; }

    /// <summary>How the threshold was chosen, in words (also <c>ThresholdChoice</c> of the classifier and the predictor).</summary>
    public string Description { get; }

    /// <summary><see cref="Description"/>.</summary>
    public override string ToString() => Description;

    /// <summary>A fixed threshold, given before any image was seen.</summary>
    internal static PneumoniaThresholdOrigin Fixed(double threshold, string? why = null) =>
        new(PneumoniaThresholdRule.Fixed, PneumoniaThresholdSource.None, 0, 0, 0,
            string.Create(CultureInfo.InvariantCulture, $"fixed at {threshold:0.###}") + (why is null ? "" : $" ({why})"));

    /// <summary>The origin of a threshold chosen by <paramref name="rule"/> on held-out predictions, described in words.</summary>
    internal static PneumoniaThresholdOrigin Chosen(PneumoniaThresholdRule rule, PneumoniaThresholdSource source, int images,
        int patients, int folds)
    {
        string where = source == PneumoniaThresholdSource.OutOfFoldPredictions
            ? $"the Platt-calibrated out-of-fold predictions of {folds}-fold patient-level cross-validation ({images} images of {patients} patients)"
            : $"the validation split ({images} images of {patients} patients)";
        string how = rule switch
        {
            PneumoniaThresholdRule.MaximiseYouden => "maximised Youden's J",
            PneumoniaThresholdRule.CentreOfYoudenPlateau => "centre of the plateau of near-maximal Youden's J",
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "is not a rule applied to one set of predictions"),
        };
        return new(rule, source, images, patients, folds, $"{how} on {where}");
    }

    /// <summary>The same origin with a note on what was done with the threshold afterwards ("; the 5 fold networks answer together").</summary>
    internal PneumoniaThresholdOrigin WithNote(string note) =>
        new(Rule, Source, ImageCount, PatientCount, FoldCount, $"{Description}; {note}");
}

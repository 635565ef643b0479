using Pneumonia.ML.Evaluation;

namespace Pneumonia.ML.Tests;

public class ThresholdSelectorTests
{
    [Fact]
    public void Picks_the_cut_that_separates_the_classes_best()
    {
        // Negatives up to 0.3 and one at 0.7; positives from 0.6. Cutting between 0.3 and 0.6 misclassifies only the
        // 0.7 negative (J = 1 + 3/4 − 1 = 0.75); cutting above 0.7 loses the 0.6 and 0.65 positives (J = 0.5 + 1 − 1).
        bool[] labels = [false, false, false, false, true, true, true, true];
        float[] scores = [0.1f, 0.2f, 0.3f, 0.7f, 0.6f, 0.65f, 0.8f, 0.9f];
        Assert.Equal(0.45, ThresholdSelector.MaximiseYouden(labels, scores, 0.5), 6);
    }

    [Fact]
    public void Falls_back_when_a_class_is_missing() =>
        Assert.Equal(0.5, ThresholdSelector.MaximiseYouden([true, true], [0.2f, 0.9f], 0.5));

    [Fact]
    public void Among_equal_cuts_prefers_the_one_nearest_one_half()
    {
        // Perfect separation anywhere between 0.2 and 0.9: the candidates are 0.55 (midpoint) only.
        Assert.Equal(0.55, ThresholdSelector.MaximiseYouden([false, true], [0.2f, 0.9f], 0.5), 6);
    }

    [Theory]
    [InlineData(PneumoniaThresholdSelection.MaximiseYouden, PneumoniaThresholdRule.MaximiseYouden, "maximised Youden's J on the validation split (8 images of 6 patients)")]
    [InlineData(PneumoniaThresholdSelection.CentreOfYoudenPlateau, PneumoniaThresholdRule.CentreOfYoudenPlateau,
        "centre of the plateau of near-maximal Youden's J on the validation split (8 images of 6 patients)")]
    public void The_threshold_comes_with_its_origin_as_data_and_in_words(PneumoniaThresholdSelection selection,
        PneumoniaThresholdRule rule, string description)
    {
        bool[] labels = [false, false, false, false, true, true, true, true];
        float[] scores = [0.1f, 0.2f, 0.3f, 0.7f, 0.6f, 0.65f, 0.8f, 0.9f];
        var options = new PneumoniaTrainingOptions { ThresholdSelection = selection };

        (_, PneumoniaThresholdOrigin origin) = ThresholdSelector.Choose(options, labels, scores, PneumoniaThresholdSource.ValidationSplit, patients: 6);

        Assert.Equal((rule, PneumoniaThresholdSource.ValidationSplit, 8, 6, 0), (origin.Rule, origin.Source, origin.ImageCount, origin.PatientCount, origin.FoldCount));
        Assert.Equal(description, origin.Description);
    }

    [Fact]
    public void A_fixed_threshold_has_no_source_and_says_its_value()
    {
        var options = new PneumoniaTrainingOptions { ThresholdSelection = PneumoniaThresholdSelection.Fixed, Threshold = 0.3 };

        (double threshold, PneumoniaThresholdOrigin origin) = ThresholdSelector.Choose(options, [false, true], [0.2f, 0.9f],
            PneumoniaThresholdSource.OutOfFoldPredictions, patients: 2, folds: 2);

        Assert.Equal(0.3, threshold);
        Assert.Equal((PneumoniaThresholdRule.Fixed, PneumoniaThresholdSource.None, 0, 0, 0),
            (origin.Rule, origin.Source, origin.ImageCount, origin.PatientCount, origin.FoldCount));
        Assert.Equal("fixed at 0.3", origin.Description);
    }
}

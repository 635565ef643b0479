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
}

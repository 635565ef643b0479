using Pneumonia.ML.Evaluation;

namespace Pneumonia.ML.Tests;

/// <summary>The multi-class metrics against figures worked out by hand.</summary>
public class MulticlassMetricsTests
{
    [Fact]
    public void Accuracies_log_loss_and_the_confusion_matrix_are_as_worked_out_by_hand()
    {
        int[] classes = [0, 0, 1, 1, 2, 2];
        float[][] probabilities =
        [
            [0.7f, 0.2f, 0.1f], [0.3f, 0.6f, 0.1f],   // class 0: right, wrong (called 1)
            [0.1f, 0.8f, 0.1f], [0.2f, 0.5f, 0.3f],   // class 1: right, right
            [0.1f, 0.1f, 0.8f], [0.5f, 0.1f, 0.4f],   // class 2: right, wrong (called 0)
        ];

        PneumoniaMulticlassMetrics m = MulticlassMetricsCalculator.Compute(classes, probabilities, ["A", "B", "C"]);

        Assert.Equal(6, m.Count);
        Assert.Equal(4.0 / 6, m.MicroAccuracy, 12);
        Assert.Equal((0.5 + 1 + 0.5) / 3, m.MacroAccuracy, 12);
        double expected = -(Math.Log(0.7) + Math.Log(0.3) + Math.Log(0.8) + Math.Log(0.5) + Math.Log(0.8) + Math.Log(0.4)) / 6;
        Assert.Equal(expected, m.LogLoss, 6);
        Assert.Equal(1 - expected / Math.Log(3), m.LogLossReduction, 6);
        Assert.Equal(-(Math.Log(0.7) + Math.Log(0.3)) / 2, m.PerClassLogLoss[0], 6);
        Assert.Equal([[1, 1, 0], [0, 2, 0], [1, 0, 1]], m.ConfusionMatrix.Counts.Select(r => r.ToArray()).ToArray());
        Assert.Equal(1, m.ConfusionMatrix.GetCount(2, 0));

        PneumoniaClassMetrics b = m.PerClass[1];
        Assert.Equal("B", b.ClassName);
        Assert.Equal(1.0, b.Sensitivity.Estimate);
        Assert.Equal(3.0 / 4, b.Specificity.Estimate, 12);     // A's second image was called B
        Assert.Equal(2.0 / 3, b.Precision.Estimate, 12);
        Assert.Equal(7.0 / 8, b.Auc.Estimate, 12);             // 0.8 beats the 4 others, 0.5 all but A's 0.6
    }

    [Fact]
    public void The_bacterial_versus_viral_sub_task_reads_only_the_two_classes()
    {
        int[] classes = [0, 0, 1, 2, 2];
        float[][] probabilities = [[0.6f, 0.1f, 0.3f], [0.2f, 0.6f, 0.2f], [0.1f, 0.8f, 0.1f], [0.1f, 0.1f, 0.8f], [0.3f, 0.5f, 0.2f]];

        (PneumoniaMetrics metrics, PneumoniaMetricIntervals intervals) = MulticlassMetricsCalculator.Pairwise(classes, probabilities, positive: 0, negative: 2);

        Assert.Equal(4, metrics.Count);
        Assert.Equal(1.0, metrics.Sensitivity);       // 0.6/0.9 and 0.2/0.4 = 0.5: both called bacterial
        Assert.Equal(0.5, metrics.Specificity);       // 0.1/0.9 viral; 0.3/0.5 = 0.6 called bacterial
        Assert.Equal(0.75, intervals.Accuracy.Estimate);
        Assert.Equal(0.75, metrics.Auc, 12);
    }
}

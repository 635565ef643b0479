using Pneumonia.ML.Data;
using Pneumonia.ML.Training;

namespace Pneumonia.ML.Tests;

/// <summary>When early stopping ends a run: after the patience runs out at a constant rate, never in a one-cycle run.</summary>
public class EarlyStoppingTests
{
    private static readonly DecodedImages Validation = new([new ImageRecord { ImagePath = "x.jpeg" }], [new byte[3]], 1);

    private static Checkpoint After(int completedEpochs, int bestEpoch) =>
        new("fingerprint", completedEpochs, [], bestEpoch, 0.1, null);

    [Theory]
    [InlineData(2, 1, false)]
    [InlineData(3, 1, true)]
    [InlineData(4, 3, false)]
    public void A_constant_rate_stops_once_the_patience_runs_out(int completed, int best, bool stops)
    {
        var options = new PneumoniaTrainingOptions
        {
            LearningRateSchedule = PneumoniaLearningRateSchedule.Constant,
            EarlyStoppingPatience = 2,
        };
        Assert.Equal(stops, Trainer.ShouldStop(After(completed, best), options, Validation));
    }

    [Fact]
    public void A_one_cycle_run_completes_its_cycle_however_long_since_its_best_epoch()
    {
        var options = new PneumoniaTrainingOptions { EarlyStoppingPatience = 2 };
        Assert.Equal(PneumoniaLearningRateSchedule.OneCycle, options.LearningRateSchedule);
        Assert.False(Trainer.ShouldStop(After(completedEpochs: 4, bestEpoch: 1), options, Validation));
    }

    [Fact]
    public void Nothing_stops_without_patience_or_validation()
    {
        var constant = new PneumoniaTrainingOptions { LearningRateSchedule = PneumoniaLearningRateSchedule.Constant };
        Assert.False(Trainer.ShouldStop(After(5, 1), constant, validation: null));
        constant.EarlyStoppingPatience = 0;
        Assert.False(Trainer.ShouldStop(After(5, 1), constant, Validation));
    }
}

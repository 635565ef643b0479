using Pneumonia.ML.Pretrained;

namespace Pneumonia.ML.Tests;

/// <summary>
/// The ImageNet weights are read from files other code may hold open at the same moment (another training in the same
/// process, a test running in parallel).
/// A clean-clone CI run failed once with "being used by another process" when two trainings started together.
/// </summary>
public class PretrainedWeightsTests
{
    [Fact]
    public void The_weights_load_while_another_reader_holds_the_onnx_files_open()
    {
        var (modelPath, preprocessPath) = OnnxResNet18Weights.LocateOnnxFiles();
        using var otherModelReader = new FileStream(modelPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var otherPreprocessReader = new FileStream(preprocessPath, FileMode.Open, FileAccess.Read, FileShare.Read);

        using var network = OnnxResNet18Weights.CreatePretrained();

        Assert.True(network.MeanImage.abs().sum().item<float>() > 0, "the mean image was not loaded");
    }
}

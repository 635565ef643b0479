namespace Pneumonia.Samples.Tests.Cli;

/// <summary>One <c>pneumonia train</c> run on the bundled sample at 96 px, output redirected, shared by the CLI tests.</summary>
public sealed class CliTrainedModelFixture
{
    public CliTrainedModelFixture()
    {
        ModelPath = Path.Combine(SampleData.NewTempFolder(), "nested", "cli.model");
        Training = SampleApp.Run(SampleApp.Cli, "train", "--data", SampleData.Root, "--output", ModelPath,
            "--architecture", "articlecnn", "--epochs", "4", "--image-size", "96", "--batch-size", "8", "--seed", "3");
    }

    public string ModelPath { get; }

    public SampleApp.Result Training { get; }
}

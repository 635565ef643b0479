namespace Pneumonia.Samples.Tests.Cli;

/// <summary>The CLI test classes share one trained model (one <c>pneumonia train</c> run) instead of training one each.</summary>
[CollectionDefinition(Name)]
public sealed class CliTrainedModelCollection : ICollectionFixture<CliTrainedModelFixture>
{
    public const string Name = "CLI with a trained model";
}

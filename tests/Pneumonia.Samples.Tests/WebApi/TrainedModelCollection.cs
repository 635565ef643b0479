namespace Pneumonia.Samples.Tests.WebApi;

/// <summary>The web API test classes share one trained model (and so run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class TrainedModelCollection : ICollectionFixture<TrainedModelFixture>
{
    public const string Name = "Trained model for the web API";
}

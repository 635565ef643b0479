namespace Pneumonia.ML.Tests;

/// <summary>
/// The trainings several test classes share, made once per test run: xunit gives every class of a collection the same
/// fixture instance (a class fixture would train once per class).
/// </summary>
[CollectionDefinition(Name)]
public sealed class TrainedClassifierCollection : ICollectionFixture<TrainedClassifierFixture>
{
    public const string Name = "one trained article network";
}

/// <summary>The briefly trained network, its evaluation and its report, shared by the report and explanation tests.</summary>
[CollectionDefinition(Name)]
public sealed class ReportCollection : ICollectionFixture<ReportFixture>
{
    public const string Name = "one evaluation report";
}

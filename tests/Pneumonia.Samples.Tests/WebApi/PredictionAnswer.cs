namespace Pneumonia.Samples.Tests.WebApi;

/// <summary>The JSON of a 200 answer from POST /predict.</summary>
internal sealed record PredictionAnswer(string Label, float Probability, double Threshold);

/// <summary>The JSON of a 400 answer (RFC 7807 problem details).</summary>
internal sealed record ProblemAnswer(string? Title, string? Detail, int Status);

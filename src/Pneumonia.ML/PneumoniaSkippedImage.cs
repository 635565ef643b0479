namespace Pneumonia.ML;

/// <summary>A training image left out because it could not be read (see <see cref="PneumoniaTrainingOptions.SkipUnreadableImages"/>).</summary>
/// <param name="Path">The file.</param>
/// <param name="Reason">Why it could not be used.</param>
public sealed record PneumoniaSkippedImage(string Path, string Reason);

using Pneumonia.ML.Data;

namespace Pneumonia.Bench;

/// <summary>The validation patients a training run with this seed and fraction held out (the trainer's own split).</summary>
internal static class ValidationSplit
{
    public static IReadOnlyList<ImageRecord> Read(string data, double validationFraction, int seed)
    {
        IReadOnlyList<ImageRecord> records = ImageFolder.Read(data, ImageFolder.Split.Training);
        return PatientSplit.Split(records, validationFraction, seed).Validation;
    }
}

namespace Pneumonia.ML.Data;

/// <summary>
/// Deals patients into k folds for cross-validation, so that every image of a patient lands in the same fold. Patients
/// are dealt per class (a patient's class is the class of their first image, in path order) after a seeded shuffle,
/// so every fold keeps the class balance of the whole.
/// </summary>
internal static class PatientFolds
{
    /// <returns>The fold (0 … <paramref name="folds"/> − 1) of each record, in record order.</returns>
    public static int[] Assign(IReadOnlyList<ImageRecord> records, int folds, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var classOfPatient = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (ImageRecord record in records.OrderBy(r => r.ImagePath, StringComparer.Ordinal))
            classOfPatient.TryAdd(record.PatientId, record.Class);

        var random = new Random(seed);
        var foldOfPatient = new Dictionary<string, int>(StringComparer.Ordinal);
        int next = 0; // the second class continues the deal where the first stopped, so fold sizes differ by one at most
        foreach (int label in records.Select(r => r.Class).Distinct().Order()) // 0 normal, 1 pneumonia for binary records
        {
            string[] patients = classOfPatient.Where(p => p.Value == label).Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
            random.Shuffle(patients);
            foreach (string patient in patients) foldOfPatient[patient] = next++ % folds;
        }
        return records.Select(r => foldOfPatient[r.PatientId]).ToArray();
    }
}

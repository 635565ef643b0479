namespace Pneumonia.ML.Data;

/// <summary>
/// Splits records into training and validation so that no patient is on both sides. Patients are drawn per class
/// (a patient's class is the class of their first image), so both sides keep the class balance.
/// </summary>
internal static class PatientSplit
{
    public static (IReadOnlyList<ImageRecord> Train, IReadOnlyList<ImageRecord> Validation) Split(
        IReadOnlyList<ImageRecord> records, double validationFraction, int seed)
    {
        if (validationFraction <= 0) return (records, []);

        var random = new Random(seed);
        var validationPatients = new HashSet<string>(StringComparer.Ordinal);
        foreach (int label in records.Select(r => r.Class).Distinct().Order()) // 0 normal, 1 pneumonia for binary records
        {
            string[] patients = records.Where(r => r.Class == label).Select(r => r.PatientId)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            random.Shuffle(patients);
            int take = (int)Math.Round(patients.Length * validationFraction);
            take = Math.Clamp(take, 1, Math.Max(1, patients.Length - 1));
            validationPatients.UnionWith(patients.Take(take));
        }

        var train = records.Where(r => !validationPatients.Contains(r.PatientId)).ToList();
        var validation = records.Where(r => validationPatients.Contains(r.PatientId)).ToList();
        return (train, validation);
    }
}

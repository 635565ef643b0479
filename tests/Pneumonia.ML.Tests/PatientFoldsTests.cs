using Pneumonia.ML.Data;

namespace Pneumonia.ML.Tests;

public class PatientFoldsTests
{
    private static ImageRecord[] Records()
    {
        var records = new List<ImageRecord>();
        for (int patient = 0; patient < 23; patient++)
            for (int image = 0; image <= patient % 3; image++)
                records.Add(new ImageRecord { ImagePath = $"/x/{patient:00}-{image}.jpeg", PatientId = $"p{patient:00}", Label = patient % 4 != 0 });
        return [.. records];
    }

    [Fact]
    public void Every_image_of_a_patient_lands_in_one_fold_and_each_class_is_spread_evenly()
    {
        ImageRecord[] records = Records();
        int[] folds = PatientFolds.Assign(records, 5, seed: 1);

        Assert.Equal(records.Length, folds.Length);
        Assert.All(folds, f => Assert.InRange(f, 0, 4));
        Assert.All(records.Select((r, i) => (r.PatientId, Fold: folds[i])).GroupBy(x => x.PatientId),
            patient => Assert.Single(patient.Select(x => x.Fold).Distinct()));
        foreach (bool label in new[] { false, true })
        {
            int[] patientsPerFold = Enumerable.Range(0, 5).Select(fold => records.Where((r, i) => r.Label == label && folds[i] == fold)
                .Select(r => r.PatientId).Distinct().Count()).ToArray();
            Assert.True(patientsPerFold.Max() - patientsPerFold.Min() <= 1, $"patients per fold: {string.Join(", ", patientsPerFold)}");
        }
    }

    [Fact]
    public void The_same_seed_deals_the_same_folds_and_another_seed_others()
    {
        ImageRecord[] records = Records();
        Assert.Equal(PatientFolds.Assign(records, 3, seed: 7), PatientFolds.Assign(records.Reverse().ToArray(), 3, seed: 7).Reverse());
        Assert.NotEqual(PatientFolds.Assign(records, 3, seed: 7), PatientFolds.Assign(records, 3, seed: 8));
    }
}

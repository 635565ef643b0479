// Predicts COUNT X-rays (the images of FOLDER, repeated in sorted order) with the shipped model, 50 files per
// Predict call, and prints how many were called pneumonia: the workload of bench/run-footprint.sh.
using Pneumonia.ML;

string[] files = Directory.GetFiles(args[0], "*.jpeg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
int count = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
using PneumoniaPredictor predictor = PneumoniaPredictor.LoadDefault();
int pneumonia = 0;
for (int start = 0; start < count; start += 50)
{
    string[] batch = Enumerable.Range(start, Math.Min(50, count - start)).Select(i => files[i % files.Length]).ToArray();
    pneumonia += predictor.Predict(batch).Count(p => p.IsPneumonia);
}
Console.WriteLine($"{count} X-rays, {pneumonia} called pneumonia");

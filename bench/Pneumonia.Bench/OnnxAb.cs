using System.Diagnostics;
using Pneumonia.ML;
using Pneumonia.ML.Data;

namespace Pneumonia.Bench;

internal static class OnnxAb
{
    public static void Run(string modelPath, string data, int images, int rounds, TextWriter log)
    {
        var engines = Enum.GetValues<PneumoniaInferenceEngine>();
        var classifiers = engines.Select(e => PneumoniaClassifier.Load(modelPath, new PneumoniaInferenceOptions
        {
            Engine = e,
            CalibrationFolder = e == PneumoniaInferenceEngine.OnnxRuntimeInt8 ? data : null,
        })).ToArray();
        int size = classifiers[0].ImageSize;
        var rng = new Random(7);
        var picked = ImageFolder.Read(data, ImageFolder.Split.Training).OrderBy(_ => rng.Next()).Take(images).ToArray();
        var eval = classifiers[0].Preprocessor.Decode(picked);
        var p = classifiers.Select(c => c.Probabilities(eval)).ToArray();
        for (int i = 1; i < engines.Length; i++)
            log.WriteLine($"{engines[i]} vs TorchSharp: max |Δp| {p[i].Zip(p[0], (a, b) => Math.Abs(a - b)).Max():G3}, mean {p[i].Zip(p[0], (a, b) => Math.Abs(a - b)).Average():G3}, labels changed {p[i].Zip(p[0], (a, b) => (a >= 0.5) != (b >= 0.5)).Count(x => x)} of {images}");
        byte[] jpeg = File.ReadAllBytes(picked[0].ImagePath);
        var paths = picked.Take(64).Select(r => r.ImagePath).ToArray();
        var t = new Dictionary<string, List<double>>();
        void Time(string name, Action a) { var sw = Stopwatch.StartNew(); a(); (t.TryGetValue(name, out var l) ? l : t[name] = new()).Add(sw.Elapsed.TotalMilliseconds); }
        for (int i = 0; i < rounds; i++)
        {
            foreach (var c in classifiers)
            {
                for (int k = 0; k < 10; k++) Time($"{c.Engine} Predict(byte[])", () => c.Predict(jpeg));
                Time($"{c.Engine} Predict(64 paths)", () => c.Predict(paths));
            }
        }
        foreach (var (k, v) in t)
        {
            v.Sort();
            double med = v[v.Count / 2];
            log.WriteLine($"{k}: median {med:F2} ms, p95 {v[(int)(v.Count * 0.95)]:F2}" + (k.Contains("paths") ? $" = {64000 / med:F1} images/s" : ""));
        }
        foreach (var c in classifiers) c.Dispose();
    }
}

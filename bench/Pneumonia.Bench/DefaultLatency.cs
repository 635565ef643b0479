using System.Diagnostics;
using Pneumonia.ML;
using Pneumonia.ML.Data;

namespace Pneumonia.Bench;

/// <summary>
/// What a user of the shipped model waits for: <c>PneumoniaClassifier.LoadDefault(engine).Predict(path)</c> on single
/// files (decoding included), p50 and p95 over timed calls after untimed ones, per engine, with the process's peak memory.
/// </summary>
internal static class DefaultLatency
{
    public static void Run(string data, PneumoniaInferenceEngine engine, int warmup, int repeats, TextWriter log)
    {
        IReadOnlyList<ImageRecord> records = ImageFolder.Read(data, ImageFolder.Split.Training);
        string[] files = records.Where((_, i) => i % 7 == 0).Select(r => r.ImagePath).Take(warmup + repeats).ToArray();
        var clock = Stopwatch.StartNew();
        using PneumoniaClassifier classifier = PneumoniaClassifier.LoadDefault(new PneumoniaInferenceOptions { Engine = engine });
        double loadMs = clock.Elapsed.TotalMilliseconds;
        for (int i = 0; i < warmup; i++) classifier.Predict(files[i % files.Length]);
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            string file = files[(warmup + i) % files.Length];
            long start = Stopwatch.GetTimestamp();
            classifier.Predict(file);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        log.WriteLine($"RESULT default-latency {engine}: p50 {times[repeats / 2]:F2} ms p95 {times[(int)(repeats * 0.95)]:F2} ms " +
            $"over {repeats} calls after {warmup}; load {loadMs:F0} ms; peak {PeakMemory.Megabytes():F0} MB; threads {TorchSharp.torch.get_num_threads()}");
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Pneumonia.Bench;

/// <summary>
/// A bounded load test of a running samples/Pneumonia.WebApi: for each concurrency, that many clients post X-rays to
/// /predict back to back for a fixed time, while one more client asks /health every 100 ms. Per level: requests,
/// status counts, latency percentiles (p50/p95/p99/max) of /predict and of /health, and the server's resident memory
/// (VmRSS) before and after and its peak (VmHWM) from /proc when its process id is given. Never more than the given
/// clients at once; every request has a 30 s timeout.
/// </summary>
internal static class LoadRun
{
    /// <summary>The figures of one concurrency level.</summary>
    public sealed record Level(int Concurrency, double Seconds, int Requests, Dictionary<string, int> Statuses,
        double P50Ms, double P95Ms, double P99Ms, double MaxMs, double HealthP50Ms, double HealthP99Ms, double HealthMaxMs,
        long? RssBeforeMb, long? RssAfterMb, long? PeakRssMb);

    /// <summary>Every level in turn; with <c>bombs</c>, the clients post decompression bombs (<see cref="Bombs"/>) instead of the folder's X-rays.</summary>
    public static IReadOnlyList<Level> Run(Uri server, string imagesFolder, bool bombs, int[] concurrencies, TimeSpan duration, int? serverPid,
        string resultsFile, TextWriter log)
    {
        string[] files = Directory.EnumerateFiles(imagesFolder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).Take(200).ToArray();
        byte[][] images = bombs ? Bombs(files.First(f => !f.EndsWith(".png", StringComparison.OrdinalIgnoreCase))) : files.Select(File.ReadAllBytes).ToArray();
        if (images.Length == 0) throw new ArgumentException($"no images under {imagesFolder}");
        var levels = new List<Level>();
        foreach (int concurrency in concurrencies)
        {
            Level level = RunLevel(server, images, concurrency, duration, serverPid);
            levels.Add(level);
            log.WriteLine($"concurrency {concurrency}: {level.Requests} requests, {string.Join(", ", level.Statuses.Select(s => $"{s.Key}: {s.Value}"))}; " +
                $"p50 {level.P50Ms:F0} ms, p95 {level.P95Ms:F0} ms, p99 {level.P99Ms:F0} ms, max {level.MaxMs:F0} ms; /health p99 {level.HealthP99Ms:F1} ms; " +
                $"RSS {level.RssBeforeMb?.ToString(CultureInfo.InvariantCulture) ?? "?"} → {level.RssAfterMb?.ToString(CultureInfo.InvariantCulture) ?? "?"} MB, peak {level.PeakRssMb?.ToString(CultureInfo.InvariantCulture) ?? "?"} MB");
            File.AppendAllText(resultsFile, JsonSerializer.Serialize(level) + Environment.NewLine);
        }
        return levels;
    }

    /// <summary>
    /// Issue #17's two bombs: a PNG of 8192×8192 zeros (small on the wire, 64 megapixels decoded) and a 5 KB JPEG whose
    /// header claims 8192×8192 (an X-ray's frame header rewritten, its data cut short).
    /// </summary>
    private static byte[][] Bombs(string jpegPath)
    {
        using var bitmap = new SkiaSharp.SKBitmap(8192, 8192, SkiaSharp.SKColorType.Gray8, SkiaSharp.SKAlphaType.Opaque);
        bitmap.Erase(SkiaSharp.SKColors.Black);
        using SkiaSharp.SKData png = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        byte[] jpeg = File.ReadAllBytes(jpegPath);
        for (int i = 2; i + 8 < jpeg.Length; i++)
        {
            if (jpeg[i] != 0xFF || jpeg[i + 1] is not (0xC0 or 0xC1 or 0xC2)) continue;
            jpeg[i + 5] = 0x20; jpeg[i + 6] = 0x00; // height 8192
            jpeg[i + 7] = 0x20; jpeg[i + 8] = 0x00; // width 8192
            return [png.ToArray(), jpeg[..Math.Min(jpeg.Length, 5 * 1024)]];
        }
        throw new ArgumentException($"{jpegPath}: no JPEG frame header found");
    }

    private static Level RunLevel(Uri server, byte[][] images, int concurrency, TimeSpan duration, int? serverPid)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency + 1, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var client = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        long? rssBefore = Memory(serverPid, "VmRSS");
        var latencies = new List<double>[concurrency];
        var statuses = new Dictionary<string, int>[concurrency];
        var health = new List<double>();
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();

        Task[] workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            latencies[worker] = [];
            statuses[worker] = [];
            for (int i = worker; !stop.IsCancellationRequested; i += concurrency)
            {
                using var content = new MultipartFormDataContent();
                var file = new ByteArrayContent(images[i % images.Length]);
                file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                content.Add(file, "image", "xray.jpeg");
                long start = Stopwatch.GetTimestamp();
                string status;
                try
                {
                    using HttpResponseMessage response = await client.PostAsync("/predict", content);
                    await response.Content.ReadAsByteArrayAsync();
                    status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    status = e is TaskCanceledException ? "timeout" : "connection error";
                }
                latencies[worker].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                statuses[worker][status] = statuses[worker].GetValueOrDefault(status) + 1;
            }
        })).ToArray();
        Task prober = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                long start = Stopwatch.GetTimestamp();
                try
                {
                    using HttpResponseMessage response = await client.GetAsync("/health");
                    await response.Content.ReadAsByteArrayAsync();
                    if (response.StatusCode == HttpStatusCode.OK) health.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    health.Add(double.PositiveInfinity);
                }
                try { await Task.Delay(100, stop.Token); } catch (OperationCanceledException) { }
            }
        });
        Task.WaitAll([.. workers, prober]);
        double seconds = clock.Elapsed.TotalSeconds;

        double[] all = latencies.SelectMany(l => l).Order().ToArray();
        double[] healthSorted = health.Order().ToArray();
        Dictionary<string, int> counts = statuses.SelectMany(s => s).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        return new Level(concurrency, seconds, all.Length, counts, Percentile(all, 0.50), Percentile(all, 0.95), Percentile(all, 0.99),
            all.Length == 0 ? 0 : all[^1], Percentile(healthSorted, 0.50), Percentile(healthSorted, 0.99), healthSorted.Length == 0 ? 0 : healthSorted[^1],
            rssBefore, Memory(serverPid, "VmRSS"), Memory(serverPid, "VmHWM"));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>A memory line of /proc/PID/status, in MB; null without a process id or off Linux.</summary>
    private static long? Memory(int? pid, string field)
    {
        if (pid is null || !File.Exists($"/proc/{pid}/status")) return null;
        string? line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}

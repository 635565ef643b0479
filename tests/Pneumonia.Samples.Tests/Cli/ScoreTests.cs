using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pneumonia.ML;

namespace Pneumonia.Samples.Tests.Cli;

/// <summary>
/// <c>pneumonia score</c> as a batch job runs it: n shard processes, one killed (SIGKILL) mid-way and restarted, whose
/// records together equal one unsharded run's exactly; list files; a second worker on the same file.
/// </summary>
[Collection(CliTrainedModelCollection.Name)]
public sealed class ScoreTests(CliTrainedModelFixture cli)
{
    private const string Header = "path,label,probability,threshold,unusual,unusual_reason,feature_distance,error";

    [Fact]
    public void Three_shards_with_one_killed_and_restarted_give_exactly_the_records_of_one_run()
    {
        string folder = SampleData.NewTempFolder();
        string single = Path.Combine(folder, "single.csv");
        // One image per network pass: a probability then cannot depend on which images share its batch, so the
        // comparison can be exact (batches are compared with the library to float rounding in another test).
        Assert.Equal(0, Score(SampleData.Root, single, "--batch-size", "1").ExitCode);

        string[] shards = [.. Enumerable.Range(0, 3).Select(i => Path.Combine(folder, $"shard-{i}.csv"))];
        Assert.Equal(0, Score(SampleData.Root, shards[0], "--shard", "0/3", "--batch-size", "1").ExitCode);
        // Shard 1 is killed after 3 records, as a preempted node would kill it, and dies inside a write: its file ends
        // with part of a record.
        using (Process worker = StartPaused(SampleData.Root, shards[1], pauseAfter: 3, "--shard", "1/3", "--batch-size", "1"))
        {
            worker.Kill(); // SIGKILL
            worker.WaitForExit();
        }
        Assert.Equal(4, File.ReadAllLines(shards[1]).Length);
        File.AppendAllText(shards[1], $"{SampleData.AllImages()[0]},PNEUMO");
        SampleApp.Result restarted = Score(SampleData.Root, shards[1], "--shard", "1/3", "--batch-size", "1");
        Assert.True(restarted.ExitCode == 0, restarted.Error);
        Assert.Contains("cut off an incomplete last record", restarted.Error);
        Assert.Equal(0, Score(SampleData.Root, shards[2], "--shard", "2/3", "--batch-size", "1").ExitCode);

        List<string[]> expected = Records(single);
        Assert.Equal(SampleData.AllImages().Length, expected.Count);
        var union = new List<string[]>();
        for (int i = 0; i < shards.Length; i++)
        {
            List<string[]> records = Records(shards[i]);
            Assert.NotEmpty(records);
            // The shard of a path is its 64-bit FNV-1a hash modulo n: the same on every machine and in every run.
            Assert.All(records, r => Assert.Equal((ulong)i, Fnv1a(r[0]) % 3));
            union.AddRange(records);
        }
        Assert.Equal(union.Count, union.Select(r => r[0]).Distinct().Count());
        Assert.Equal(Lines(expected).Order(StringComparer.Ordinal), Lines(union).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Batched_records_are_the_library_predictions_in_folder_order()
    {
        string output = Path.Combine(SampleData.NewTempFolder(), "scores.csv");

        SampleApp.Result run = Score(SampleData.Test, output, "--batch-size", "8");

        Assert.True(run.ExitCode == 0, run.Error);
        List<string[]> records = Records(output);
        string[] images = Directory.GetFiles(SampleData.Test, "*.jpeg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(images, records.Select(r => r[0]));
        using PneumoniaClassifier model = PneumoniaClassifier.Load(cli.ModelPath);
        foreach (string[] record in records)
        {
            PneumoniaPrediction expected = model.Predict(record[0]);
            Assert.Equal(expected.Probability, float.Parse(record[2], CultureInfo.InvariantCulture), 1e-5f);
            if (Math.Abs(expected.Probability - expected.Threshold) > 1e-4) Assert.Equal(expected.Label, record[1]);
            Assert.Equal(model.Threshold, double.Parse(record[3], CultureInfo.InvariantCulture));
            Assert.Equal("", record[7]);
        }
        Assert.Contains("done", run.Error); // progress on stderr
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void A_list_file_scores_each_path_once_and_records_why_a_file_was_refused()
    {
        string folder = SampleData.NewTempFolder();
        string image = Path.Combine(SampleData.Test, "NORMAL", "IM-0228-0001.jpeg");
        File.Copy(image, Path.Combine(folder, "a,b.jpeg"));
        string missing = Path.Combine(folder, "missing.jpeg");
        string list = Path.Combine(folder, "images.txt");
        // A relative path (to the list's folder, with a comma in its name), a duplicate, a comment, a blank line, a
        // missing file and a folder.
        File.WriteAllText(list, $"# archive\na,b.jpeg\n{image}\r\n\n{image}\n{missing}\n{SampleData.Test}\n");
        string output = Path.Combine(folder, "scores.csv");

        SampleApp.Result run = Score(list, output);

        Assert.True(run.ExitCode == 0, run.Error);
        List<string[]> records = Records(output);
        Assert.Equal([Path.Combine(folder, "a,b.jpeg"), image, missing, SampleData.Test], records.Select(r => r[0]));
        Assert.Equal(records[0][2], records[1][2]);
        Assert.Contains("does not exist", records[2][7]);
        Assert.Contains(missing, records[2][7]);
        Assert.Contains("is a folder", records[3][7]);
        Assert.All(records.Skip(2), r => Assert.Equal("", r[1]));

        // Killed inside a quoted field (a comma and a line break in it): the restart cuts the torn record off, finds
        // every image done, and leaves the file as the first run wrote it.
        string complete = File.ReadAllText(output);
        File.AppendAllText(output, $"\"{Path.Combine(folder, "a,b")}\n");
        SampleApp.Result again = Score(list, output);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(complete, File.ReadAllText(output));
    }

    [Fact]
    public void A_second_worker_on_the_same_score_file_is_refused_and_a_foreign_file_is_never_appended_to()
    {
        string folder = SampleData.NewTempFolder();
        string output = Path.Combine(folder, "scores.csv");
        using (Process first = StartPaused(SampleData.Test, output, pauseAfter: 1, "--batch-size", "1"))
        {
            SampleApp.Result second = Score(SampleData.Test, output);

            Assert.Equal(4, second.ExitCode);
            Assert.Contains(output, second.Error);
            Assert.Contains("another worker", second.Error);
            first.Kill();
            first.WaitForExit();
        }

        string foreign = Path.Combine(folder, "notes.csv");
        File.WriteAllText(foreign, "name,value\nx,1\n");
        SampleApp.Result refused = Score(SampleData.Test, foreign);
        Assert.Equal(4, refused.ExitCode);
        Assert.Contains("is not a score file", refused.Error);
        Assert.Equal("name,value\nx,1\n", File.ReadAllText(foreign));
    }

    [Theory]
    [InlineData("3/3")]
    [InlineData("1")]
    [InlineData("-1/2")]
    public void A_malformed_shard_exits_1(string shard)
    {
        SampleApp.Result run = Score(SampleData.Test, Path.Combine(SampleData.NewTempFolder(), "s.csv"), "--shard", shard);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--shard takes i/n", run.Error);
    }

    [Fact]
    public void A_device_as_the_list_file_exits_2_saying_it_is_not_a_list()
    {
        SampleApp.Result run = Score(Pneumonia.Testing.SpecialFiles.EndlessDevice, Path.Combine(SampleData.NewTempFolder(), "s.csv"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not a list of image paths", run.Error);
    }

    private SampleApp.Result Score(string input, string output, params string[] options) =>
        SampleApp.Run(SampleApp.Cli, ["score", input, "--output", output, "--model", cli.ModelPath, .. options]);

    /// <summary>Starts a score worker that stops, alive, after <paramref name="pauseAfter"/> records (the CLI's test hook).</summary>
    private Process StartPaused(string input, string output, int pauseAfter, params string[] options)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["PNEUMONIA_CLI_TEST_PAUSE_AFTER_RECORDS"] = pauseAfter.ToString(CultureInfo.InvariantCulture);
        foreach (string argument in (string[])[SampleApp.Cli, "score", input, "--output", output, "--model", cli.ModelPath, .. options])
            start.ArgumentList.Add(argument);
        Process process = Process.Start(start)!;
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (log) log.AppendLine(e.Data);
            if (e.Data.Contains("test hook: paused", StringComparison.Ordinal)) paused.TrySetResult();
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        if (Task.WaitAny([paused.Task, process.WaitForExitAsync()], TimeSpan.FromMinutes(10)) != 0) // a guard against a hang, not a speed check
        {
            process.Kill();
            lock (log) Assert.Fail($"The score worker did not pause:\n{log}");
        }
        return process;
    }

    private static List<string[]> Records(string file)
    {
        List<string[]> records = Csv.Parse(File.ReadAllText(file));
        Assert.Equal(Header, string.Join(',', records[0]));
        Assert.All(records, r => Assert.Equal(8, r.Length));
        return records.Skip(1).ToList();
    }

    private static IEnumerable<string> Lines(IEnumerable<string[]> records) => records.Select(r => string.Join('\u001f', r));

    private static ulong Fnv1a(string path)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(path)) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }
}

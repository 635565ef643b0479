using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pneumonia.ML;

namespace Pneumonia.Cli;

/// <summary>
/// <c>score INPUT --output FILE.csv [--model FILE] [--engine NAME] [--shard i/n] [--batch-size N] [--operating-point NAME | --threshold P]</c>:
/// batch scoring of an archive. INPUT is a folder (every JPEG and PNG below it) or a list file (one path a line). Each
/// image of this worker's shard gets one CSV record in FILE (<see cref="ScoredImage.Columns"/>), written as its batch
/// finishes; a restarted worker skips the images FILE already holds and writes each remaining one once
/// (<see cref="ScoreFile"/>). Progress goes to stderr. An image that cannot be read gets a record with its error and
/// counts as done; the exit code stays 0. See docs/batch-scoring.md.
/// </summary>
internal static class ScoreCommand
{
    /// <summary>Seconds between progress lines on stderr.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Test hook: after this many records of this run, the process says so on stderr and waits for ever, so that a test
    /// can kill it (SIGKILL) at a known point. Unset in normal use.
    /// </summary>
    internal const string PauseAfterRecordsVariable = "PNEUMONIA_CLI_TEST_PAUSE_AFTER_RECORDS";

    public static Command Create()
    {
        var input = new Argument<string>("INPUT") { Description = "A folder (every JPEG and PNG below it, sorted) or a list file: one image path a line (relative to the list's folder; # comments)." };
        var output = new Option<string>("--output", "-o")
        {
            Description = "CSV to append to (created with its header). A restarted worker skips the images it holds.",
            HelpName = "FILE",
            Required = true,
        };
        Option<string?> model = ModelSource.Option();
        Option<PneumoniaInferenceEngine> engine = NamedOption.Engine();
        var shard = new Option<string>("--shard")
        {
            Description = "Worker i of n: scores only the images whose path hashes to i modulo n (stable across machines and runs).",
            HelpName = "i/n",
            DefaultValueFactory = _ => "0/1",
        };
        shard.Validators.Add(result =>
        {
            if (Shard.Parse(result.GetValueOrDefault<string>() ?? "", out string? error) is null) result.AddError(error!);
        });
        var batchSize = new Option<int>("--batch-size") { Description = "Images per network pass.", DefaultValueFactory = _ => 64 };
        batchSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 4096) result.AddError("--batch-size must be between 1 and 4096.");
        });
        var operatingPoint = new OperatingPointOptions();

        var command = new Command("score", "Score an archive (a folder or a list of paths) into a CSV; shardable over n workers, resumable.")
        {
            input, output, model, engine, shard, batchSize,
        };
        operatingPoint.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.Run(() =>
        {
            Shard part = Shard.Parse(result.GetValue(shard)!, out _)!.Value;
            List<string> images = ImageInputs.FolderOrList(result.GetRequiredValue(input));
            using PneumoniaClassifier classifier = ModelSource.Load(result.GetValue(model), new PneumoniaInferenceOptions { Engine = result.GetValue(engine) });
            double threshold = operatingPoint.Resolve(result, classifier);
            // Opened once the model and the threshold are known to be good: a refused command line leaves no file behind.
            using ScoreFile file = ScoreFile.Open(result.GetRequiredValue(output));
            return Run(classifier, threshold, images, part, file, result.GetValue(batchSize), cancellationToken);
        }));
        return command;
    }

    private static int Run(PneumoniaClassifier classifier, double threshold, List<string> images, Shard shard, ScoreFile file, int batchSize,
        CancellationToken cancellationToken)
    {
        List<string> mine = images.Where(shard.Contains).ToList();
        List<string> todo = mine.Where(path => !file.Done.Contains(path)).ToList();
        int skipped = mine.Count - todo.Count;
        // Records of images outside this shard's input: another shard's file, or another spelling of INPUT. Kept, never rewritten.
        int foreign = file.Done.Count - skipped;
        if (foreign > 0)
            Console.Error.WriteLine($"warning: the score file holds {foreign:N0} records of images that are not in shard {shard} of this input " +
                "(another shard's file, or INPUT spelled another way?); they are kept, and their images are not scored here.");
        if (file.TornBytes > 0)
            Console.Error.WriteLine($"score: cut off an incomplete last record ({file.TornBytes:N0} bytes) left by an interrupted run; its image is scored again.");
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"score: shard {shard}: {mine.Count:N0} of {images.Count:N0} images, {skipped:N0} already in the score file, {todo.Count:N0} to score."));

        int pauseAfter = int.TryParse(Environment.GetEnvironmentVariable(PauseAfterRecordsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : -1;
        var clock = Stopwatch.StartNew();
        TimeSpan lastReport = TimeSpan.Zero;
        int written = 0, refused = 0, unusual = 0;
        foreach (string[] batch in todo.Chunk(batchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var records = new StringBuilder();
            foreach (ScoredImage image in BatchPredictor.Predict(classifier, batch, threshold))
            {
                records.Append(image.ToCsv());
                if (image.Error is not null) refused++;
                else if (image.Prediction!.IsUnusualImage) unusual++;
            }
            file.Append(records.ToString());
            written += batch.Length;
            if (clock.Elapsed - lastReport >= ProgressInterval || written == todo.Count)
            {
                lastReport = clock.Elapsed;
                double rate = written / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                TimeSpan left = TimeSpan.FromSeconds((todo.Count - written) / Math.Max(rate, 1e-9));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"score: {skipped + written:N0}/{mine.Count:N0} done, {rate:F1} images/s, {left:hh\\:mm\\:ss} left"));
            }
            if (pauseAfter >= 0 && written >= pauseAfter)
            {
                Console.Error.WriteLine($"score: test hook: paused after {written} records");
                Thread.Sleep(Timeout.Infinite);
            }
        }
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"score: shard {shard} finished: {written:N0} scored in this run ({refused:N0} refused, see the error column; {unusual:N0} flagged unusual), {skipped:N0} skipped."));
        return ExitCodes.Success;
    }
}

using System.CommandLine;
using System.Globalization;
using Pneumonia.ML;

namespace Pneumonia.Cli;

/// <summary>
/// <c>predict --model FILE [--engine NAME] IMAGE...</c>: one tab-separated line per image on stdout: path, label, probability of
/// pneumonia (for a multi-class model, then its class and every class's probability). An image that cannot be read gets a message on stderr; the others are still predicted. An image the input
/// check finds unlike a chest X-ray (<see cref="PneumoniaPrediction.IsUnusualImage"/>) keeps its line and gets a warning
/// on stderr saying why.
/// </summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "Model file written by train.", HelpName = "FILE", Required = true };
        Option<PneumoniaInferenceEngine> engine = NamedOption.Engine();
        var images = new Argument<string[]>("IMAGE") { Description = "X-ray files (JPEG or PNG).", Arity = ArgumentArity.OneOrMore };

        var command = new Command("predict", "Predict single X-rays: prints path, label and probability of pneumonia, tab-separated.")
        {
            model, engine, images,
        };
        command.SetAction((result, cancellationToken) => CommandRunner.Run(() =>
            Run(result.GetRequiredValue(model), result.GetValue(engine), result.GetRequiredValue(images), cancellationToken)));
        return command;
    }

    private static int Run(string modelPath, PneumoniaInferenceEngine engine, string[] images, CancellationToken cancellationToken)
    {
        using PneumoniaClassifier classifier = PneumoniaClassifier.Load(modelPath, new PneumoniaInferenceOptions { Engine = engine });
        int exitCode = ExitCodes.Success;
        foreach (string image in images)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                PneumoniaPrediction p = classifier.Predict(image);
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{image}\t{p.Label}\t{p.Probability:F4}") + ClassOutput.Columns(classifier, p));
                if (p.InputCheck.Reason is { } reason) Console.Error.WriteLine($"warning: {image} looks unusual, do not trust its answer: {reason}");
            }
            catch (InvalidImageException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                exitCode = ExitCodes.InvalidData;
            }
        }
        return exitCode;
    }
}

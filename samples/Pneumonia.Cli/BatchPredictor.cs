using Pneumonia.ML;

namespace Pneumonia.Cli;

/// <summary>
/// Predicts images in batches through <see cref="PneumoniaClassifier.Predict(IEnumerable{string})"/> (decoded on all
/// cores, one network pass per batch). That call refuses a whole batch for one unreadable image; the batch is then
/// split: each image is tried alone to find the refused ones, and the others are predicted again as one batch.
/// </summary>
internal static class BatchPredictor
{
    public static IReadOnlyList<ScoredImage> Predict(PneumoniaClassifier classifier, IReadOnlyList<string> paths, double threshold)
    {
        if (paths.Count == 0) return [];
        try
        {
            return Zip(paths, classifier.Predict(paths), threshold);
        }
        catch (InvalidImageException)
        {
            // Rare: find the refused images one by one, then keep the batch path for the rest.
        }
        var errors = new Dictionary<int, string>();
        for (int i = 0; i < paths.Count; i++)
        {
            try
            {
                classifier.Predict(paths[i]);
            }
            catch (InvalidImageException e)
            {
                errors[i] = e.Message;
            }
        }
        string[] readable = paths.Where((_, i) => !errors.ContainsKey(i)).ToArray();
        IReadOnlyList<PneumoniaPrediction> predictions;
        try
        {
            predictions = readable.Length == 0 ? [] : classifier.Predict(readable);
        }
        catch (InvalidImageException)
        {
            // A file changed between the two reads: answer image by image.
            return paths.Select(path => One(classifier, path, threshold)).ToArray();
        }
        var results = new ScoredImage[paths.Count];
        for (int i = 0, next = 0; i < paths.Count; i++)
            results[i] = errors.TryGetValue(i, out string? error) ? ScoredImage.Refused(paths[i], error)
                : ScoredImage.Scored(paths[i], predictions[next++], threshold);
        return results;
    }

    private static ScoredImage One(PneumoniaClassifier classifier, string path, double threshold)
    {
        try
        {
            return ScoredImage.Scored(path, classifier.Predict(path), threshold);
        }
        catch (InvalidImageException e)
        {
            return ScoredImage.Refused(path, e.Message);
        }
    }

    private static ScoredImage[] Zip(IReadOnlyList<string> paths, IReadOnlyList<PneumoniaPrediction> predictions, double threshold) =>
        paths.Select((path, i) => ScoredImage.Scored(path, predictions[i], threshold)).ToArray();
}

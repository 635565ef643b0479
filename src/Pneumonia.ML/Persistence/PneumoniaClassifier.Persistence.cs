using Pneumonia.ML.Models;
using Pneumonia.ML.Native;
using Pneumonia.ML.Persistence;

namespace Pneumonia.ML;

public sealed partial class PneumoniaClassifier
{
    /// <summary>Loads a model written by <see cref="Save(string, PneumoniaWeightPrecision)"/>.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="options">Which engine predicts and evaluates; null for TorchSharp.</param>
    /// <exception cref="InvalidModelFileException">The file is missing, a folder, pipe or device, over 1.5 GiB, not a model,
    /// damaged, from a newer version, or a field of it is out of range (an image size the architecture does not accept, a
    /// threshold outside (0, 1), a non-finite calibration, weights whose shapes do not fit the network); the exception
    /// names the file and the field.</exception>
    /// <exception cref="InvalidOperationException">The int8 engine was asked for a model without calibration ranges and no <see cref="PneumoniaInferenceOptions.CalibrationFolder"/> was given.</exception>
    /// <exception cref="InvalidDatasetException">The calibration folder is missing or holds no images.</exception>
    /// <exception cref="InvalidImageException">A calibration image cannot be decoded; the exception names it.</exception>
    public static PneumoniaClassifier Load(string path, PneumoniaInferenceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options?.Validate();
        string fullPath = Path.GetFullPath(path);
        return FromModelFile(ModelFile.ReadFile(fullPath), fullPath, options);
    }

    /// <summary>
    /// Loads the model that ships inside the package: the default recipe (ImageNet ResNet18 fine-tuned at 160 px) trained
    /// on the Kaggle "Chest X-Ray Images (Pneumonia)" training folder, 80% of its patients, the other 20% choosing the
    /// epoch and the threshold; weights stored as int8. Predicting needs no training and no download. Its validation
    /// and robustness figures are in the README. Not a medical device. It stores calibration ranges, so every
    /// <see cref="PneumoniaInferenceEngine"/> can run it.
    /// </summary>
    /// <param name="options">Which engine predicts and evaluates; null for TorchSharp.</param>
    public static PneumoniaClassifier LoadDefault(PneumoniaInferenceOptions? options = null)
    {
        options?.Validate();
        const string resource = "Pneumonia.ML.DefaultModel.pnm";
        using Stream stream = typeof(PneumoniaClassifier).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidModelFileException(resource, "the default model is missing from the Pneumonia.ML assembly.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return FromModelFile(bytes.ToArray(), resource, options);
    }

    /// <summary>Loads a model from a stream with the given engine (what <see cref="Load(Stream)"/> does with TorchSharp).</summary>
    internal static PneumoniaClassifier Load(Stream stream, PneumoniaInferenceOptions? options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options?.Validate();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return FromModelFile(bytes.ToArray(), "(stream)", options);
    }

    /// <summary>
    /// Loads a model, to predict with TorchSharp, from a stream holding what <see cref="Save(Stream)"/> wrote (or a model
    /// file's bytes), read from its current position to its end. The stream stays open.
    /// </summary>
    /// <param name="stream">The model's bytes.</param>
    /// <exception cref="InvalidModelFileException">The bytes are not a model, damaged, or from a newer version.</exception>
    public static PneumoniaClassifier Load(Stream stream) => Load(stream, null);

    private static PneumoniaClassifier FromModelFile(byte[] file, string source, PneumoniaInferenceOptions? options)
    {
        TorchRuntime.EnsureLoaded();
        (ModelMetadata metadata, byte[] weights) = ModelFile.Read(file, source);
        TorchNetwork network = SavedNetwork.Read(metadata, weights, source);
        try
        {
            return new PneumoniaClassifier(network, metadata, options);
        }
        catch (InvalidDataException e) // stored calibration ranges that do not fit the exported graph
        {
            throw new InvalidModelFileException(source, "its calibration ranges do not fit the network.", e);
        }
    }

    /// <summary>Writes the model to a stream with the given weight precision (what <see cref="Save(Stream)"/> does in float32).</summary>
    internal void Save(Stream stream, PneumoniaWeightPrecision precision)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite) throw new ArgumentException("The stream cannot be written to.", nameof(stream));
        if (!Enum.IsDefined(precision)) throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision.");
        WhileAlive(() =>
        {
            ModelFile.Write(stream, _metadata with { WeightPrecision = precision }, SavedNetwork.Write(_network, precision));
            return true;
        });
    }

    /// <summary>
    /// Writes the model, weights in float32 (exactly), to a stream from its current position, in the format of
    /// <see cref="Save(string, PneumoniaWeightPrecision)"/>. The stream stays open. Writing to a stream is not atomic;
    /// saving to a path is.
    /// </summary>
    /// <param name="stream">Where to write.</param>
    public void Save(Stream stream) => Save(stream, PneumoniaWeightPrecision.Float32);

    /// <summary>Writes the model to one file. An existing file is replaced only once the new one is complete.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="precision">How to store the weights; <see cref="PneumoniaWeightPrecision.Float32"/> keeps them exactly.</param>
    public void Save(string path, PneumoniaWeightPrecision precision = PneumoniaWeightPrecision.Float32)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!Enum.IsDefined(precision)) throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision.");
        WhileAlive(() =>
        {
            ModelFile.Write(path, _metadata with { WeightPrecision = precision }, SavedNetwork.Write(_network, precision));
            return true;
        });
    }
}

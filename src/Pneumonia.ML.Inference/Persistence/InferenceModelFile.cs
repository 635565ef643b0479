using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pneumonia.ML.Data;

namespace Pneumonia.ML.Persistence;

/// <summary>
/// The inference model file (<c>.pnmi</c>), what <see cref="PneumoniaPredictor"/> loads: a <see cref="ChecksummedFile"/>
/// with magic <c>PNEUMOIX</c> and two sections, the metadata (UTF-8 JSON of <see cref="StoredInferenceMetadata"/>: image
/// size, threshold, Platt calibration, labels, operating points, the input check's statistics, a softmax model's classes)
/// and the ONNX graph that Pneumonia.ML's ONNX Runtime engine runs for the model (float32, or int8 QDQ). Pneumonia.ML
/// writes it (<c>PneumoniaClassifier.ExportInferenceModel</c>); reading it needs neither TorchSharp nor ML.NET.
/// Format version 1 holds binary models (the shipped one); version 2 adds a softmax model's <c>Classes</c> and
/// <c>ClassesDescription</c>. A binary model is still written as version 1, so that only files an older reader would
/// misread (as binary) are refused by it as newer; fields added since (<c>ThresholdOrigin</c>) are ones older readers
/// skip, and files without them still load.
/// </summary>
internal static class InferenceModelFile
{
    /// <summary>The newest format version this build reads and writes.</summary>
    public const int FormatVersion = 2;

    /// <summary>The version of files without classes (binary models), which older builds read.</summary>
    public const int BinaryFormatVersion = 1;

    private const string Magic = "PNEUMOIX";

    /// <summary>The labels a file must name, negative class first.</summary>
    public static readonly string[] Labels = [ImageFolder.NormalClass, ImageFolder.PneumoniaClass];

    /// <summary>The most classes a file may hold (as a full model file), and the longest class name or description.</summary>
    public const int MaximumClasses = 1000, MaximumNameLength = 200;

    /// <summary>The smallest and largest image sides a file may give.</summary>
    public const int MinimumImageSize = 8, MaximumImageSize = 1024;

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes the file atomically: an existing file is replaced only once the new one is complete.</summary>
    public static void Write(string path, InferenceModel model) =>
        ChecksummedFile.Write(path, Magic, model.Classes is null ? BinaryFormatVersion : FormatVersion,
            [JsonSerializer.SerializeToUtf8Bytes(StoredInferenceMetadata.From(model), Json), model.Graph]);

    /// <summary>Reads a whole file safely (a folder, pipe, device, oversized or foreign file is refused unread).</summary>
    public static byte[] ReadFile(string fullPath) => ChecksummedFile.ReadFile(fullPath, Magic, FormatVersion, "inference model");

    /// <param name="bytes">The whole file.</param>
    /// <param name="source">What to call it in errors.</param>
    /// <exception cref="InvalidModelFileException">Not an inference model file, damaged, from a newer version, or a field is out of range.</exception>
    public static InferenceModel Read(byte[] bytes, string source)
    {
        (int version, byte[][] sections) = ChecksummedFile.Read(bytes, source, Magic, FormatVersion, "inference model");
        if (sections.Length != 2) throw new InvalidModelFileException(source, $"it has {sections.Length} sections instead of 2.");
        try
        {
            StoredInferenceMetadata stored = JsonSerializer.Deserialize<StoredInferenceMetadata>(sections[0], Json)
                ?? throw new JsonException("empty metadata");
            Check(stored, version, sections[1], source);
            return stored.ToModel(sections[1]);
        }
        catch (JsonException e)
        {
            throw new InvalidModelFileException(source, "its metadata cannot be read.", e);
        }
    }

    /// <summary>Every field checked before anything is built from it; the first bad one throws, naming the file and the field.</summary>
    private static void Check(StoredInferenceMetadata m, int version, byte[] graph, string source)
    {
        void Require(bool valid, string field, object? value, string rule)
        {
            if (!valid)
                throw new InvalidModelFileException(source,
                    $"its field {field} ({string.Format(CultureInfo.InvariantCulture, "{0}", value ?? "null")}) {rule}.");
        }

        Require(m.Architecture is not null, nameof(m.Architecture), null, "is missing");
        Require(m.ImageSize is >= MinimumImageSize and <= MaximumImageSize, nameof(m.ImageSize), m.ImageSize,
            $"is outside {MinimumImageSize}–{MaximumImageSize} pixels");
        Require(double.IsFinite(m.Threshold) && m.Threshold > 0 && m.Threshold < 1, nameof(m.Threshold), m.Threshold, "is not a number in (0, 1)");
        Require(double.IsFinite(m.CalibrationSlope), nameof(m.CalibrationSlope), m.CalibrationSlope, "is not a finite number");
        Require(double.IsFinite(m.CalibrationIntercept), nameof(m.CalibrationIntercept), m.CalibrationIntercept, "is not a finite number");
        Require(Enum.IsDefined(m.Precision), nameof(m.Precision), m.Precision, "is a precision this version does not know");
        Require(m.ThresholdChoice is not null, nameof(m.ThresholdChoice), null, "is missing");
        string? originProblem = StoredThresholdOrigin.Problem(m.ThresholdOrigin);
        Require(originProblem is null, nameof(m.ThresholdOrigin), m.ThresholdOrigin?.Rule, originProblem ?? "");
        Require(m.LibraryVersion is not null, nameof(m.LibraryVersion), null, "is missing");
        Require(m.Labels is not null && m.Labels.SequenceEqual(Labels), nameof(m.Labels),
            m.Labels is null ? null : string.Join(", ", m.Labels), $"is not [{string.Join(", ", Labels)}]");
        Require(m.Input == Engines.OnnxContract.InputName, nameof(m.Input), m.Input, $"is not \"{Engines.OnnxContract.InputName}\"");
        Require(m.Scale == 1.0 / 255, nameof(m.Scale), m.Scale, "is not 1/255");
        if (m.OperatingPoints is not null)
        {
            foreach (StoredOperatingPoint? point in m.OperatingPoints)
            {
                Require(point is { Name: not null } && double.IsFinite(point.Threshold) && point.Threshold is >= 0 and <= 1,
                    nameof(m.OperatingPoints), point?.Threshold, "has an entry without a name or with a threshold outside [0, 1]");
            }
        }
        if (m.Classes is not null)
        {
            Require(version >= FormatVersion, nameof(m.Classes), string.Join(", ", m.Classes), $"is given in a format version {version} file, which holds binary models only");
            Require(m.Classes.Count is >= 2 and <= MaximumClasses, nameof(m.Classes), m.Classes.Count, $"is a class count outside 2–{MaximumClasses}");
            Require(m.Classes.All(c => !string.IsNullOrWhiteSpace(c) && c.Length <= MaximumNameLength), nameof(m.Classes), "…",
                "has an empty or over-long class name");
            Require(m.Classes.SequenceEqual(ClassNames.Sort(m.Classes), StringComparer.Ordinal)
                    && m.Classes.Distinct(StringComparer.OrdinalIgnoreCase).Count() == m.Classes.Count,
                nameof(m.Classes), string.Join(", ", m.Classes), "is not a sorted list of distinct names");
            Require(m.ClassesDescription is { Length: > 0 and <= MaximumNameLength }, nameof(m.ClassesDescription), m.ClassesDescription,
                "is missing or over-long");
            Require(m.ClassSource is null || (Enum.IsDefined(m.ClassSource.Value) && m.ClassSource != ML.ClassSource.NormalPneumonia),
                nameof(m.ClassSource), m.ClassSource, "is not a source of a softmax model's classes");
        }
        else
        {
            Require(m.ClassesDescription is null, nameof(m.ClassesDescription), m.ClassesDescription, "is given without Classes");
            Require(m.ClassSource is null, nameof(m.ClassSource), m.ClassSource, "is given without Classes");
        }
        Require(graph.Length > 0, "graph", graph.Length, "is empty");
    }
}

/// <summary>
/// The metadata section of an inference model file as JSON: private types whose property names are the format.
/// Properties added later get defaults that mean "as before", so older files keep loading.
/// </summary>
internal sealed class StoredInferenceMetadata
{
    public string Architecture { get; set; } = "";
    public int ImageSize { get; set; }
    public double Threshold { get; set; }
    public string ThresholdChoice { get; set; } = "";

    /// <summary>The threshold's origin as data; absent in files from before it (older readers ignore it).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StoredThresholdOrigin? ThresholdOrigin { get; set; }

    public double CalibrationSlope { get; set; } = 1;
    public double CalibrationIntercept { get; set; }
    public PneumoniaWeightPrecision Precision { get; set; }

    /// <summary>The class labels, negative first: the logit is the log-odds of the second.</summary>
    public List<string>? Labels { get; set; }

    /// <summary>The graph's input (channels-first RGB, pixels × <see cref="Scale"/> after the library's resize).</summary>
    public string Input { get; set; } = "";

    public double Scale { get; set; }
    public List<StoredOperatingPoint>? OperatingPoints { get; set; }
    public StoredInputCheck? InputCheck { get; set; }
    public string LibraryVersion { get; set; } = "";

    /// <summary>A softmax model's class names in index order (the graph's <c>class_logits</c> columns); absent for the binary model.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Classes { get; set; }

    /// <summary>Where a softmax model's classes came from, in words; absent for the binary model.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClassesDescription { get; set; }

    /// <summary>Where a softmax model's classes came from, by name; absent for the binary model and in files from before it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ClassSource? ClassSource { get; set; }

    public static StoredInferenceMetadata From(InferenceModel m) => new()
    {
        Architecture = m.Architecture,
        ImageSize = m.ImageSize,
        Threshold = m.Threshold,
        ThresholdChoice = m.ThresholdOrigin.Description,
        ThresholdOrigin = m.ThresholdOrigin.Rule == PneumoniaThresholdRule.Unrecorded ? null : StoredThresholdOrigin.From(m.ThresholdOrigin),
        CalibrationSlope = m.CalibrationSlope,
        CalibrationIntercept = m.CalibrationIntercept,
        Precision = m.Precision,
        Labels = [.. InferenceModelFile.Labels],
        Input = Engines.OnnxContract.InputName,
        Scale = 1.0 / 255,
        OperatingPoints = m.OperatingPoints.Select(p => new StoredOperatingPoint
        {
            Name = p.Name, Threshold = p.Threshold, Sensitivity = p.Sensitivity, Specificity = p.Specificity,
        }).ToList(),
        InputCheck = StoredInputCheck.From(m.InputCheck),
        LibraryVersion = m.LibraryVersion,
        Classes = m.Classes?.ToList(),
        ClassesDescription = m.Classes is null ? null : m.ClassesDescription,
        ClassSource = m.Classes is null ? null : m.ClassSource,
    };

    public InferenceModel ToModel(byte[] graph) => new(
        Architecture, ImageSize, Threshold, StoredThresholdOrigin.ToOrigin(ThresholdOrigin, ThresholdChoice), CalibrationSlope, CalibrationIntercept, Precision,
        (OperatingPoints ?? []).Select(p => new PneumoniaOperatingPoint(p.Name, p.Threshold, p.Sensitivity, p.Specificity)).ToArray(),
        InputCheck?.ToStatistics(), LibraryVersion, graph, Classes?.ToArray(), ClassesDescription, ClassSource);
}

namespace Pneumonia.ML;

/// <summary>
/// Where the classes of a training folder come from: the two folders <c>NORMAL/</c> and <c>PNEUMONIA/</c> (the
/// default, a binary model), every class folder (any number of classes, at least 2), the dataset's three classes
/// NORMAL / BACTERIAL / VIRAL read from the file names, or a rule of your own. Set it as
/// Pneumonia.ML's <c>PneumoniaTrainingOptions.Classes</c>. The class names are sorted (ordinal, letter case ignored) and stored
/// in the model (<c>PneumoniaClassifier.Classes</c>, <see cref="PneumoniaPredictor.Classes"/>). Evaluation
/// (<c>PneumoniaClassifier.EvaluateClasses</c>, <see cref="PneumoniaPredictor.EvaluateClasses"/>) reads a folder's classes
/// by it too.
/// </summary>
/// <remarks>
/// Every model, binary or not, still answers the binary question: the probability of pneumonia is 1 − P(NORMAL) (the
/// class named <c>NORMAL</c>, letter case ignored; the first class when none is), and the threshold, intervals and
/// report of the binary API use it.
/// </remarks>
/// <example>
/// <code>
/// var options = new PneumoniaTrainingOptions { Classes = PneumoniaClasses.NormalBacterialViral };
/// using var classifier = PneumoniaClassifier.Train("chest_xray/train", options);
/// PneumoniaPrediction prediction = classifier.Predict("person1_virus_6.jpeg");
/// // prediction.ClassLabel: "VIRAL"; prediction.ClassProbabilities: one per classifier.Classes; prediction.Probability: 1 − P(NORMAL)
/// </code>
/// </example>
public sealed class PneumoniaClasses
{
    /// <summary>The class of bacterial pneumonia in <see cref="NormalBacterialViral"/>.</summary>
    public const string BacterialLabel = "BACTERIAL";

    /// <summary>The class of viral pneumonia in <see cref="NormalBacterialViral"/>.</summary>
    public const string ViralLabel = "VIRAL";

    private const string RuleDescription = "a labelling rule";

    private PneumoniaClasses(ClassSource source, string description, IReadOnlyList<string>? ruleClasses = null, Func<string, string?>? rule = null)
    {
        Source = source;
        Description = description;
        RuleClasses = ruleClasses;
        Rule = rule;
    }

    /// <summary>
    /// The default: the two folders <c>NORMAL/</c> and <c>PNEUMONIA/</c> (letter case ignored), a binary model with one
    /// output unit. Other folders are ignored.
    /// </summary>
    public static PneumoniaClasses NormalPneumonia { get; } = new(ClassSource.NormalPneumonia, "NORMAL and PNEUMONIA folders");

    /// <summary>
    /// One class per subfolder (at least 2, each holding images), named after the folder; for a Kaggle root, the
    /// subfolders of its <c>train/</c> and <c>val/</c> (training) or <c>test/</c> (evaluation). Folder names that differ
    /// only in letter case are one class.
    /// </summary>
    public static PneumoniaClasses Folders { get; } = new(ClassSource.Folders, "one class per folder");

    /// <summary>
    /// The three classes of Kermany et al. 2018: <c>NORMAL</c> (the NORMAL folder), and from the PNEUMONIA folder
    /// <see cref="BacterialLabel"/> (file names holding <c>_bacteria_</c>) and <see cref="ViralLabel"/> (<c>_virus_</c>).
    /// A PNEUMONIA image whose name says neither is refused (<see cref="InvalidDatasetException"/>).
    /// </summary>
    public static PneumoniaClasses NormalBacterialViral { get; } = new(ClassSource.NormalBacterialViral, "NORMAL, BACTERIAL and VIRAL from the file names");

    /// <summary>
    /// Classes decided by a rule: every image file under the folder (for a Kaggle root, under its <c>train/</c> and
    /// <c>val/</c>, or <c>test/</c>), at any depth, is given to <paramref name="classOfImage"/> with its full path.
    /// </summary>
    /// <param name="classes">The class names (at least 2, distinct ignoring letter case).</param>
    /// <param name="classOfImage">The class of an image (one of <paramref name="classes"/>), or null to leave the image out.
    /// A rule cannot be stored in a model file: evaluating a loaded rule-trained model takes the rule again.</param>
    /// <exception cref="ArgumentException">Fewer than 2 classes, an empty name, or names repeated.</exception>
    public static PneumoniaClasses FromRule(IEnumerable<string> classes, Func<string, string?> classOfImage)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(classOfImage);
        string[] names = classes.ToArray();
        if (names.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("A class name is empty.", nameof(classes));
        if (names.Length < 2)
            throw new ArgumentException($"A rule needs at least 2 classes; {names.Length} given.", nameof(classes));
        if (names.Distinct(StringComparer.OrdinalIgnoreCase).Count() != names.Length)
            throw new ArgumentException("The class names repeat (letter case is ignored).", nameof(classes));
        return new PneumoniaClasses(ClassSource.Rule, RuleDescription, ClassNames.Sort(names), classOfImage);
    }

    /// <summary>What the classes are, in words (for reports).</summary>
    public string Description { get; }

    /// <summary>True for <see cref="NormalPneumonia"/>, the binary model.</summary>
    public bool IsBinary => Source == ClassSource.NormalPneumonia;

    internal ClassSource Source { get; }

    /// <summary>With <see cref="ClassSource.Rule"/>: the sorted class names.</summary>
    internal IReadOnlyList<string>? RuleClasses { get; }

    internal Func<string, string?>? Rule { get; }

    /// <summary>The classes a model file stores, by their stored name (null for a rule, which cannot be stored).</summary>
    internal static PneumoniaClasses? FromStored(ClassSource source) => source switch
    {
        ClassSource.NormalPneumonia => NormalPneumonia,
        ClassSource.Folders => Folders,
        ClassSource.NormalBacterialViral => NormalBacterialViral,
        _ => null,
    };

    /// <summary>The <see cref="Description"/> of a stored class source.</summary>
    internal static string Describe(ClassSource source) => FromStored(source)?.Description ?? RuleDescription;

    /// <summary>
    /// The classes a multi-class inference model file describes (it stores <see cref="Describe"/>'s words, not the
    /// source): <see cref="Folders"/> or <see cref="NormalBacterialViral"/>; null for a rule's, or for words no
    /// multi-class source says (a binary model's file holds no description).
    /// </summary>
    internal static PneumoniaClasses? FromDescription(string description) =>
        new[] { Folders, NormalBacterialViral }.FirstOrDefault(c => string.Equals(c.Description, description, StringComparison.Ordinal));

    /// <inheritdoc />
    public override string ToString() => Description;
}

using Pneumonia.ML.Data;

namespace Pneumonia.ML;

/// <summary>
/// Reads a folder of X-rays into records labelled by class (<see cref="ImageRecord.Class"/>) as a
/// <see cref="PneumoniaClasses"/> says: by the NORMAL and PNEUMONIA folders (<see cref="ImageFolder"/>), by every class
/// folder, by the file names' bacteria / virus, or by a rule. Records are sorted by path, as <see cref="ImageFolder"/> sorts them.
/// </summary>
internal static class ClassFolder
{
    /// <summary>The records and the class names (sorted; indexes of <see cref="ImageRecord.Class"/>).</summary>
    /// <param name="folder">A folder of class folders, or a Kaggle root.</param>
    /// <param name="split">Which part of a Kaggle root.</param>
    /// <param name="classes">Where the classes come from.</param>
    /// <param name="modelClasses">When evaluating a model: its classes, which the records are indexed by; a class the
    /// model does not know is refused, a class of the model missing from the folder is allowed.</param>
    /// <exception cref="InvalidDatasetException">The folder is missing, wrongly laid out, has fewer than 2 classes (when training), a class the model does not know, or an image the classes cannot place.</exception>
    public static (IReadOnlyList<ImageRecord> Records, IReadOnlyList<string> Classes) Read(string folder, ImageFolder.Split split,
        PneumoniaClasses classes, IReadOnlyList<string>? modelClasses = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        string root = Path.GetFullPath(folder);
        if (!Directory.Exists(root)) throw new InvalidDatasetException(root, "the folder does not exist.");

        List<(string Path, string Class)> labelled = classes.Source switch
        {
            ClassSource.NormalPneumonia => ImageFolder.Read(root, split).Select(r => (r.ImagePath, ClassNames.Binary[r.Class])).ToList(),
            ClassSource.Folders => ByFolder(root, split),
            ClassSource.NormalBacterialViral => ByFileName(root, split),
            _ => ByRule(root, split, classes),
        };

        IReadOnlyList<string> names = modelClasses ?? (classes.Source == ClassSource.Rule
            ? classes.RuleClasses!
            : ClassNames.Sort(labelled.Select(l => l.Class).Distinct(StringComparer.OrdinalIgnoreCase)));
        if (modelClasses is null)
        {
            if (classes.Source != ClassSource.NormalPneumonia && names.Count < 2)
                throw new InvalidDatasetException(root, $"it holds images of {names.Count} class{(names.Count == 1 ? "" : "es")}; a model needs at least 2 ({classes.Description}).");
            foreach (string name in names)
            {
                if (!labelled.Any(l => string.Equals(l.Class, name, StringComparison.OrdinalIgnoreCase)))
                    throw new InvalidDatasetException(root, $"no image of the class {name} was found ({classes.Description}).");
            }
        }

        int negative = ClassNames.Negative(names);
        var records = new List<ImageRecord>(labelled.Count);
        foreach ((string path, string className) in labelled)
        {
            int index = IndexOf(names, className);
            if (index < 0)
                throw new InvalidDatasetException(root, $"its image '{path}' is of the class {className}, which the model does not know (it knows {string.Join(", ", names)}).");
            records.Add(new ImageRecord { ImagePath = path, Class = index, Label = index != negative, PatientId = PatientId.FromFileName(path) });
        }
        records.Sort((a, b) => string.CompareOrdinal(a.ImagePath, b.ImagePath));
        return (records, names);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>The folders holding the class folders: the root, or a Kaggle root's train/ and val/ (or test/).</summary>
    private static List<string> ClassRoots(string root, ImageFolder.Split split)
    {
        string[] parts = split == ImageFolder.Split.Training ? ["train", "val"] : ["test"];
        bool kaggle = Directory.EnumerateDirectories(root).Select(Path.GetFileName)
            .Any(n => n is not null && (n.Equals("train", StringComparison.OrdinalIgnoreCase) || n.Equals("test", StringComparison.OrdinalIgnoreCase)));
        if (!kaggle) return [root];
        List<string> found = parts.Select(p => FindChild(root, p)).OfType<string>().ToList();
        if (found.Count == 0)
            throw new InvalidDatasetException(root, $"it is a Kaggle layout without {(split == ImageFolder.Split.Training ? "train/" : "test/")}.");
        return found;
    }

    private static List<(string, string)> ByFolder(string root, ImageFolder.Split split)
    {
        var labelled = new List<(string, string)>();
        foreach (string classRoot in ClassRoots(root, split))
        {
            foreach (string classFolder in Directory.EnumerateDirectories(classRoot).Order(StringComparer.Ordinal))
            {
                string name = Path.GetFileName(classFolder);
                if (name.StartsWith('.')) continue;
                labelled.AddRange(Images(classFolder).Select(file => (file, name)));
            }
        }
        if (labelled.Count == 0) throw new InvalidDatasetException(root, "no class folder under it holds images (.jpeg, .jpg or .png).");
        return labelled;
    }

    private static List<(string, string)> ByFileName(string root, ImageFolder.Split split)
    {
        var labelled = new List<(string, string)>();
        foreach (ImageRecord record in ImageFolder.Read(root, split))
        {
            if (!record.Label)
            {
                labelled.Add((record.ImagePath, ImageFolder.NormalClass));
                continue;
            }
            string name = Path.GetFileName(record.ImagePath);
            bool bacteria = name.Contains("_bacteria_", StringComparison.OrdinalIgnoreCase);
            bool virus = name.Contains("_virus_", StringComparison.OrdinalIgnoreCase);
            if (bacteria == virus)
                throw new InvalidDatasetException(root,
                    $"the PNEUMONIA image '{record.ImagePath}' says {(bacteria ? "both" : "neither")} '_bacteria_' {(bacteria ? "and" : "nor")} '_virus_' in its name, so it is neither {PneumoniaClasses.BacterialLabel} nor {PneumoniaClasses.ViralLabel}.");
            labelled.Add((record.ImagePath, bacteria ? PneumoniaClasses.BacterialLabel : PneumoniaClasses.ViralLabel));
        }
        return labelled;
    }

    private static List<(string, string)> ByRule(string root, ImageFolder.Split split, PneumoniaClasses classes)
    {
        var labelled = new List<(string, string)>();
        foreach (string classRoot in ClassRoots(root, split))
        {
            foreach (string file in Images(classRoot).Order(StringComparer.Ordinal))
            {
                string? name = classes.Rule!(file);
                if (name is null) continue;
                if (IndexOf(classes.RuleClasses!, name) < 0)
                    throw new InvalidDatasetException(root,
                        $"the labelling rule gave the image '{file}' the class '{name}', which is not one of {string.Join(", ", classes.RuleClasses!)}.");
                labelled.Add((file, name));
            }
        }
        if (labelled.Count == 0) throw new InvalidDatasetException(root, "the labelling rule gave no image under it a class.");
        return labelled;
    }

    private static IEnumerable<string> Images(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(ImageFolder.IsImageFile);

    private static string? FindChild(string parent, string name) =>
        Directory.EnumerateDirectories(parent)
            .FirstOrDefault(d => string.Equals(Path.GetFileName(d), name, StringComparison.OrdinalIgnoreCase));
}

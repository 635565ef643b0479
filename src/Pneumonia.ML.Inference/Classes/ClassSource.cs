namespace Pneumonia.ML;

/// <summary>Where a model's classes came from; stored in the model file by name (see <see cref="PneumoniaClasses"/>).</summary>
internal enum ClassSource
{
    /// <summary>The NORMAL and PNEUMONIA folders: a binary model.</summary>
    NormalPneumonia,

    /// <summary>One class per folder.</summary>
    Folders,

    /// <summary>NORMAL, BACTERIAL and VIRAL from the file names.</summary>
    NormalBacterialViral,

    /// <summary>A user's rule (not storable: evaluation takes it again).</summary>
    Rule,
}

namespace Pneumonia.ML.Data;

/// <summary>One image of a labelled folder: where the X-ray is, what it shows, whose it is.</summary>
internal sealed class ImageRecord
{
    public string ImagePath { get; set; } = "";

    /// <summary>True for pneumonia.</summary>
    public bool Label { get; set; }

    public string PatientId { get; set; } = "";
}

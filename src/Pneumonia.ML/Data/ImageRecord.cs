namespace Pneumonia.ML.Data;

/// <summary>One row of the image-folder <c>IDataView</c>: where the X-ray is, what it shows, whose it is.</summary>
internal sealed class ImageRecord
{
    public string ImagePath { get; set; } = "";

    /// <summary>True for pneumonia.</summary>
    public bool Label { get; set; }

    public string PatientId { get; set; } = "";
}

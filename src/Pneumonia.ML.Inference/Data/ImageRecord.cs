namespace Pneumonia.ML.Data;

/// <summary>One image of a labelled folder: where the X-ray is, what it shows, whose it is.</summary>
internal sealed class ImageRecord
{
    /// <summary>The file; for an image given as bytes (<see cref="Encoded"/>), what to call it in errors.</summary>
    public string ImagePath { get; set; } = "";

    /// <summary>The image file's bytes when they come from elsewhere than a file (an ML.NET column); null to read <see cref="ImagePath"/>.</summary>
    public byte[]? Encoded { get; set; }

    /// <summary>The image already decoded and resized (<see cref="ImagePreprocessor"/>) when it came as an ML.NET image; null otherwise.</summary>
    public byte[]? Pixels { get; set; }

    /// <summary>With <see cref="Pixels"/>: the image's width and height before resizing (the input check's size test reads them).</summary>
    public (int Width, int Height) OriginalSize { get; set; }

    /// <summary>True for pneumonia (with more than two classes: any class but the reference class, NORMAL).</summary>
    public bool Label { get; set; }

    /// <summary>
    /// The index of the image's class in the model's sorted class names (<c>PneumoniaClasses</c>); unless set,
    /// the binary model's: 1 for pneumonia, 0 for normal.
    /// </summary>
    public int Class
    {
        get => _class ?? (Label ? 1 : 0);
        set => _class = value;
    }

    private int? _class;

    public string PatientId { get; set; } = "";
}

namespace Pneumonia.ML.Evaluation.Report;

/// <summary>A PNG of the report: its file name in the report folder, its bytes, and what it shows.</summary>
internal sealed record ReportPicture(string FileName, byte[] Png, string Caption);

/// <summary>One of the most confident errors, with its Grad-CAM picture when the network supports Grad-CAM.</summary>
internal sealed record ReportError(PneumoniaImageScore Image, ReportPicture? Heatmap);

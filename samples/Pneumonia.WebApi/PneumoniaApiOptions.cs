namespace Pneumonia.WebApi;

/// <summary>The configuration section "Pneumonia" (appsettings.json, environment variables Pneumonia__*, or --Pneumonia:*=).</summary>
internal sealed class PneumoniaApiOptions
{
    public const string Section = "Pneumonia";

    /// <summary>Model file written by <c>PneumoniaClassifier.Save</c> (or the CLI's train). Required.</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>Largest accepted image, in bytes. Default: 10 MiB.</summary>
    public long MaxImageBytes { get; set; } = 10 * 1024 * 1024;
}

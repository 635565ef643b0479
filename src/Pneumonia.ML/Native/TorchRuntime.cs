using TorchSharp;

namespace Pneumonia.ML.Native;

/// <summary>Loads libtorch once, turning TorchSharp's load failure into an error that says what to do.</summary>
internal static class TorchRuntime
{
    private static readonly Lazy<Exception?> LoadFailure = new(TryLoad, LazyThreadSafetyMode.ExecutionAndPublication);

    public static void EnsureLoaded()
    {
        if (LoadFailure.Value is { } failure)
            throw new PlatformNotSupportedException(
                "Pneumonia.ML could not load libtorch through TorchSharp. On Linux distributions with a libstdc++ older than " +
                "GCC 13 (Debian 12, Ubuntu 22.04) the Pneumonia.ML package patches libLibTorchSharp.so in the build output; " +
                "make sure the project references Pneumonia.ML (so its buildTransitive targets run) and was rebuilt, and that " +
                "PneumoniaMlPatchLibTorchSharp is not set to false. " + failure.GetBaseException().Message, failure);
    }

    private static Exception? TryLoad()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            return e;
        }
    }
}

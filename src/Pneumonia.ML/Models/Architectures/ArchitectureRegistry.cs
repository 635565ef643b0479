namespace Pneumonia.ML.Models.Architectures;

/// <summary>
/// Every network the library knows, one line each. Adding a network: a subclass of <see cref="Architecture"/> in a file
/// of its own (with its module, or beside it), a value of <see cref="PneumoniaArchitecture"/>, and a line here.
/// </summary>
internal static class ArchitectureRegistry
{
    private static readonly Architecture[] All =
    [
        new ArticleCnnArchitecture(),
        new CompactCnnArchitecture(),
        new ResNet18Architecture(),
    ];

    /// <summary>The registered architectures, in the order of <see cref="PneumoniaArchitecture"/>.</summary>
    public static IReadOnlyList<Architecture> Architectures => All;

    /// <summary>The description of <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No architecture has that name.</exception>
    public static Architecture Get(PneumoniaArchitecture id) =>
        All.FirstOrDefault(a => a.Id == id) ?? throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown architecture.");

    /// <summary>The description of the architecture a network module was built by.</summary>
    /// <exception cref="NotSupportedException">No registered architecture builds modules of that type.</exception>
    public static Architecture Of(TorchSharp.torch.nn.Module network) =>
        All.FirstOrDefault(a => a.Builds(network)) ?? throw new NotSupportedException($"No architecture builds {network.GetType().Name}.");
}

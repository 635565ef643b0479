using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pneumonia.ML.Models;

/// <summary>
/// Several networks of one architecture answering as one: the mean of their logits (for cross-validation's fold
/// networks, each trained without one fold). Its state dictionary holds each member's under <c>members.K.</c>.
/// </summary>
/// <remarks>
/// Grad-CAM over the ensemble (<see cref="Explainability.GradCam"/>): the gradient of the ensemble's logit with respect
/// to each member's feature map weighs that map, so the heat is the mean of the members' Grad-CAM maps before the ReLU.
/// </remarks>
internal sealed class EnsembleNetwork : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> members;

    public EnsembleNetwork(IEnumerable<nn.Module<Tensor, Tensor>> members) : base(nameof(EnsembleNetwork))
    {
        this.members = nn.ModuleList(members.ToArray());
        if (this.members.Count < 2) throw new ArgumentException("An ensemble needs at least two networks.", nameof(members));
        RegisterComponents();
    }

    /// <summary>The member networks, in order.</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>> Members => members.ToList();

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        Tensor sum = members[0].call(images);
        for (int i = 1; i < members.Count; i++) sum = sum + members[i].call(images);
        return scope.MoveToOuter(sum / members.Count);
    }

    /// <summary>Whether every member exposes a feature map, so that Grad-CAM can explain the ensemble.</summary>
    public bool CanExplain => members.All(m => m is IFeatureMapNetwork);

    /// <summary>Each member's feature map (nodes of the autograd graph) and the ensemble's logits (their mean).</summary>
    public (Tensor[] Features, Tensor Logits) ForwardWithMemberFeatures(Tensor images)
    {
        var maps = new Tensor[members.Count];
        Tensor? sum = null;
        for (int i = 0; i < members.Count; i++)
        {
            (Tensor map, Tensor logits) = ((IFeatureMapNetwork)members[i]).ForwardWithFeatures(images);
            maps[i] = map;
            sum = sum is null ? logits : sum + logits;
        }
        return (maps, sum! / members.Count);
    }
}

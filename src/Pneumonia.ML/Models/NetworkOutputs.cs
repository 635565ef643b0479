using static TorchSharp.torch;

namespace Pneumonia.ML.Models;

/// <summary>
/// The width of a network's output layer and what its <c>forward</c> returns. The binary model has one unit, the
/// pneumonia logit. A model of <see cref="Count"/> ≥ 2 classes has one logit per class (a softmax head); its
/// <c>forward</c> still returns the log-odds of pneumonia, log Σ_{c ≠ n} e^{z_c} − z_n with n the reference class
/// (NORMAL), so that σ(forward) = 1 − softmax(z)_n and every binary consumer (threshold, validation, input check,
/// Grad-CAM of pneumonia) works unchanged; <see cref="IClassLogitsNetwork"/> gives the class logits.
/// </summary>
/// <param name="Count">Output units: 1 for the binary model, else the number of classes.</param>
/// <param name="Negative">The reference class (NORMAL) with more than one unit; 0 otherwise.</param>
internal readonly record struct NetworkOutputs(int Count, int Negative)
{
    /// <summary>The binary model's single pneumonia logit.</summary>
    public static NetworkOutputs Binary => new(1, 0);

    /// <summary>A softmax head over <paramref name="classes"/>, or <see cref="Binary"/> when null.</summary>
    public static NetworkOutputs For(IReadOnlyList<string>? classes) =>
        classes is null ? Binary : new NetworkOutputs(classes.Count, ClassNames.Negative(classes));

    /// <summary>True for a softmax head.</summary>
    public bool IsMulticlass => Count > 1;

    /// <summary>The pneumonia log-odds (N) of raw outputs (N × <see cref="Count"/>), in the caller's dispose scope.</summary>
    public Tensor LogOdds(Tensor outputs)
    {
        if (!IsMulticlass) return outputs.squeeze(1);
        int negative = Negative;
        long[] others = Enumerable.Range(0, Count).Where(c => c != negative).Select(c => (long)c).ToArray();
        using Tensor otherIndex = tensor(others, dtype: ScalarType.Int64);
        return outputs.index_select(1, otherIndex).logsumexp(1, keepdim: false) - outputs.select(1, Negative);
    }
}

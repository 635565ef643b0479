namespace Pneumonia.ML.Native;

/// <summary>
/// Frees the native scalars TorchSharp leaves to the finalizer, once per training step.
/// </summary>
/// <remarks>
/// Every number TorchSharp passes to libtorch (a learning rate, a beta, the 255 of a division) becomes a
/// <c>torch.Scalar</c>: a small native object that dispose scopes do not track, freed only when the garbage collector
/// finalizes it. TorchSharp's own optimizers make several per parameter per step. They are tiny, but each sits in the
/// native heap between the step's large temporary tensors, and while it lives the heap cannot merge the space the
/// temporaries leave, so every step takes new memory: training ResNet18 at 128 px, batch 8 grew by about 30 MB a step,
/// to 3 GB, until a collection ran. A gen-0 collection and the finalizers after each step free them while the step's
/// memory is still reusable; training speed did not change (bench/README.md, "Native scalars freed after every
/// training step").
/// </remarks>
internal static class ScalarRelease
{
    public static void AfterStep()
    {
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        GC.WaitForPendingFinalizers();
    }
}

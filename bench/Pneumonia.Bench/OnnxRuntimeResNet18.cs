using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Pneumonia.ML;
using Pneumonia.ML.Pretrained;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace Pneumonia.Bench;

/// <summary>
/// The perf-ab candidate "OnnxRuntime": the original ResNet18.onnx (the weights the library's ResNet18 starts from)
/// in an ONNX Runtime CPU session, fed the same BGR-minus-mean input the library's port computes.
/// </summary>
internal sealed class OnnxRuntimeResNet18 : IDisposable
{
    private readonly InferenceSession session;
    private readonly string inputName;

    public OnnxRuntimeResNet18(PneumoniaArchitecture architecture, int imageSize, int batchSize, int threads)
    {
        if (architecture != PneumoniaArchitecture.ResNet18 || imageSize != ResNet18Onnx.NativeSize || batchSize != 1)
            throw new ArgumentException("The OnnxRuntime variant needs --architecture ResNet18 --image-size 224 --batch 1 " +
                "(the ONNX graph's input is fixed at 1×3×224×224).");
        var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // Its threads would otherwise spin between runs and starve libtorch's OpenMP threads (A) in the same process.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        session = new InferenceSession(OnnxResNet18Weights.LocateOnnxFiles().ModelPath, options);
        inputName = session.InputMetadata.Keys.Single();
    }

    /// <summary>The 512 features of the ONNX model for the library network's own input conversion of <paramref name="rgb"/>.</summary>
    public float[] Features(nn.Module<Tensor, Tensor> network, Tensor rgb)
    {
        var backbone = (ResNet18Onnx)network.named_modules().Single(m => m.module is ResNet18Onnx).module;
        float[] input;
        using (var noGrad = no_grad())
        using (var scope = NewDisposeScope())
            input = backbone.ToOnnxInput(rgb.clone()).contiguous().data<float>().ToArray();
        var tensor = new DenseTensor<float>(input, [1, 3, ResNet18Onnx.NativeSize, ResNet18Onnx.NativeSize]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, tensor)]);
        return results.Single().AsEnumerable<float>().ToArray();
    }

    public void Dispose() => session.Dispose();
}

using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Summaries;

namespace CnnApi.Architectures.Estimates;

/// <summary>
/// The memory a training run needs beyond what the process already holds, in bytes (float32 throughout).
/// <see cref="ActivationsBytes"/> is the batch's peak: the tensors autograd keeps for the backward pass plus the
/// transient ones (the gradient flowing back through the largest layer, the pre-activation of a fused layer);
/// <see cref="RuntimeBytes"/> what libtorch allocates for any run (thread pools, kernel scratch), measured;
/// <see cref="BestWeightsBytes"/> the copy of the model's state that <c>earlyStopping.restoreBestWeights</c> keeps (0 without it).
/// </summary>
public sealed record MemoryEstimate(long WeightsBytes, long GradientsBytes, long OptimizerBytes, long ActivationsBytes,
    long RuntimeBytes, long BestWeightsBytes = 0)
{
    /// <summary>The sum, saturating at <see cref="long.MaxValue"/>.</summary>
    public long TotalBytes => (double)WeightsBytes + GradientsBytes + OptimizerBytes + ActivationsBytes + RuntimeBytes + BestWeightsBytes is var sum
        && sum >= long.MaxValue ? long.MaxValue : WeightsBytes + GradientsBytes + OptimizerBytes + ActivationsBytes + RuntimeBytes + BestWeightsBytes;
}

/// <summary>
/// How much memory training an architecture takes with TorchSharp and libtorch on the CPU, worked out from the summary:
/// one reader of the layer model (a <c>switch</c> over the closed set of layers, failing loudly on one it does not know).
/// The trainer runs each batch in a TorchSharp dispose scope, so every tensor the forward pass creates lives until the
/// batch ends, whether autograd saved it or not; per image:
/// <list type="bullet">
/// <item>Conv2D, Dense and the other weighted layers: the pre-activation and, with an activation, its result (2 outputs).</item>
/// <item>MaxPooling2D: the output and its argmax indices, int64, saved for backward (3 outputs' worth of floats).</item>
/// <item>Dropout and GaussianDropout: libtorch's CPU dropout multiplies by a float noise tensor the size of the input (2).</item>
/// <item>Flatten (a channels-last copy), padding, resampling, merges, normalisation, augmentation, activation layers: 1.</item>
/// <item>Reshape: a view (nothing new).</item>
/// </list>
/// The batch itself (28×28×1 floats per image, gathered by <c>index_select</c>) is kept too. The transient peak of the
/// backward pass is twice the largest layer output (the gradient of its output and of its input exist at once).
/// The optimizer's share is its slots plus its step's temporaries (Adam: g² and √v; RMSprop: √v), which the step's
/// own dispose scope holds for every parameter until the step ends, while the batch's tensors are still alive.
/// With <c>restoreBestWeights</c>, early stopping keeps one copy of the model's state from the first monitored epoch on
/// (<c>BestWeights</c> in CnnApi.Torch: every parameter, trainable or not, and every buffer, which are BatchNormalization's
/// running mean and variance and are counted in the summary's non-trainable parameters; no gradients, no optimizer state),
/// overwritten in place by each new best: the summary's total parameters once more, alive through every later batch.
/// </summary>
public static class TrainingMemory
{
    private const long Float = 4;

    /// <summary>
    /// What libtorch allocates on a training thread whatever the model (OpenMP pool, oneDNN primitive caches and
    /// scratchpads, the allocator's slack), measured as the peak resident growth of a tiny model: see docs/benchmarks.md.
    /// </summary>
    public const long RuntimeBytes = 36L << 20;

    /// <summary>
    /// Resident bytes per byte of activation tensors: glibc serves the batch's buffers from its heap once its dynamic
    /// mmap threshold has risen past them, and the freed ones fragment. Measured, not derived: the modelled tensors
    /// alone came out 2–34 % under the peak growth of seed-valid, seed-same, lenet5 and mnist-convnet, the more the
    /// larger the activations (docs/benchmarks.md); 1.5 brings those four runs within ±20 %.
    /// </summary>
    public const double AllocatorSlack = 1.5;

    /// <summary>
    /// Parameter-sized tensors the optimizer holds per trainable weight: its slots (Adam m and v; RMSprop ms, and mom with
    /// momentum; SGD the velocity when momentum is not 0) plus its step's temporaries (Adam g² and √v; RMSprop √v).
    /// </summary>
    public static int OptimizerSlots(string optimizer, double momentum) => optimizer.ToLowerInvariant() switch
    {
        "adam" => 2 + 2,
        "rmsprop" => (momentum > 0 ? 2 : 1) + 1,
        "sgd" => momentum != 0 ? 1 : 0,
        _ => throw new ArgumentException($"unknown optimizer '{optimizer}'", nameof(optimizer)),
    };

    /// <summary>
    /// The estimate for a batch of <paramref name="batchSize"/> images with <paramref name="optimizerSlots"/> parameter-sized
    /// tensors per trainable weight, and with <paramref name="restoreBestWeights"/> the best epoch's copy of the state.
    /// Sizes past what 64 bits hold (an absurd architecture) saturate at <see cref="long.MaxValue"/>.
    /// </summary>
    public static MemoryEstimate Estimate(ArchitectureSummary summary, int batchSize, int optimizerSlots, bool restoreBestWeights = false)
    {
        double input = summary.InputShape[1..].Aggregate(1.0, (a, d) => a * (d ?? 1));
        var (kept, largest) = Activations(summary);
        return new MemoryEstimate(Bytes(summary.TotalParams), Bytes(summary.TrainableParams),
            Bytes((double)summary.TrainableParams * optimizerSlots), Bytes(AllocatorSlack * batchSize * (input + kept + 2 * largest)), RuntimeBytes,
            restoreBestWeights ? Bytes(summary.TotalParams) : 0);
    }

    /// <summary>float32 bytes of <paramref name="floats"/> elements, saturating.</summary>
    private static long Bytes(double floats) => floats * Float >= long.MaxValue ? long.MaxValue : (long)(floats * Float);

    /// <summary>Floats per image alive at the end of the forward pass, and the largest layer output (floats per image).</summary>
    internal static (double Kept, double Largest) Activations(ArchitectureSummary summary)
    {
        double kept = 0, largest = 0;
        foreach (var row in summary.Layers)
        {
            var (rowKept, rowLargest) = Kept(row);
            kept += rowKept;
            largest = Math.Max(largest, rowLargest);
        }
        return (kept, largest);
    }

    private static (double Kept, double Largest) Kept(LayerSummary row)
    {
        double output = Product(row.OutputDims), input = Product(row.InputDims);
        return row.Layer switch
        {
            NestedModel nested when nested.Summarize(row.InputDims).Summary is { } inner => Activations(inner),
            NestedModel => (output, output),
            Conv2D c => (Fused(output, c.Activation), output),
            Dense d => (Fused(output, d.Activation), output),
            DepthwiseConv2D d => (Fused(output, d.Activation), output),
            Conv2DTranspose t => (Fused(output, t.Activation), output),
            // The depthwise step's output (input size × multiplier at the output's resolution) feeds the pointwise one.
            SeparableConv2D s => (Fused(output, s.Activation) + output / Math.Max(1, s.Filters) * LastChannels(row.InputDims) * s.DepthMultiplier, output),
            Activation a => (Fused(output, a.Kind), output),
            ReLU or LeakyReLU or Softmax or ELU or PReLU => (output, output),
            Pooling2D { Kind: PoolKind.Max } => (3 * output, output),
            Pooling2D or GlobalPooling2D => (output, output),
            Dropout or GaussianDropout => (2 * output, Math.Max(input, output)),
            SpatialDropout2D or GaussianNoise => (output, output),
            BatchNormalization or LayerNormalization => (output, output),
            Flatten or Permute or ZeroPadding2D or Cropping2D or UpSampling2D or Resizing or Rescaling => (output, output),
            RandomAugmentation => (output, output),
            Merge or Concatenate => (output, output),
            Reshape or InputLayer => (0, 0),
            _ => throw new NotSupportedException($"{nameof(TrainingMemory)} does not know {row.Layer.GetType().Name}"),
        };
    }

    /// <summary>A weighted layer's tensors: the pre-activation, and the activation's result unless it is linear.</summary>
    private static double Fused(double output, ActivationKind activation) => activation == ActivationKind.Linear ? output : 2 * output;

    private static long LastChannels(long[] dims) => dims.Length == 0 ? 1 : dims[^1];

    private static double Product(IEnumerable<long> dims) => dims.Aggregate(1.0, (a, b) => a * b);
}

using CnnApi.Architectures.Layers;

namespace CnnApi.Torch.Export.Code;

/// <summary>How a generated module fills a tensor before the exported weights are loaded (Keras's initialisers).</summary>
internal enum Fill { Glorot, Zeros, Ones }

/// <summary>One parameter or buffer of a layer, named and shaped as in the TorchSharp module (and so in the state_dict).</summary>
internal sealed record StateTensor(string Name, long[] Shape, bool Buffer, Fill Fill);

/// <summary>
/// The parameters and buffers each layer's TorchSharp module registers (see <c>Networks/</c>), given the channels-last
/// input shape its module sees. A test builds every layer type and checks these against the module's own state_dict.
/// </summary>
internal static class StateTensors
{
    public static IReadOnlyList<StateTensor> For(Layer layer, long[] shape) => layer switch
    {
        Conv2D c => WithBias([c.Filters, shape[2], c.KernelSize.Height, c.KernelSize.Width], c.UseBias, c.Filters),
        Dense d => WithBias([d.Units, shape[^1]], d.UseBias, d.Units),
        DepthwiseConv2D d => WithBias([shape[2] * d.DepthMultiplier, 1, d.KernelSize.Height, d.KernelSize.Width], d.UseBias, shape[2] * d.DepthMultiplier),
        SeparableConv2D s =>
        [
            new("depthwise", [shape[2] * s.DepthMultiplier, 1, s.KernelSize.Height, s.KernelSize.Width], false, Fill.Glorot),
            new("pointwise", [s.Filters, shape[2] * s.DepthMultiplier, 1, 1], false, Fill.Glorot),
            .. s.UseBias ? [new StateTensor("bias", [s.Filters], false, Fill.Zeros)] : Array.Empty<StateTensor>(),
        ],
        Conv2DTranspose t => WithBias([shape[2], t.Filters, t.KernelSize.Height, t.KernelSize.Width], t.UseBias, t.Filters),
        BatchNormalization b => BatchNorm(b, shape[Axis(b.Axis, shape.Length)]),
        LayerNormalization n => LayerNorm(n, shape),
        PReLU p => [new("alpha", TorchOrder(p.AlphaShape(shape) ?? throw new ArgumentException("PReLU: shared axes do not fit")), false, Fill.Zeros)],
        _ => [],
    };

    /// <summary>A Keras axis (−1 = last) as an index without batch.</summary>
    public static int Axis(int axis, int rank) => axis < 0 ? rank + axis : axis - 1;

    /// <summary>A Keras shape held in torch's order: a 3-D (a, b, c) as (c, a, b).</summary>
    public static long[] TorchOrder(long[] shape) => shape.Length == 3 ? [shape[2], shape[0], shape[1]] : shape;

    private static StateTensor[] WithBias(long[] weight, bool useBias, long outputs) => useBias
        ? [new("weight", weight, false, Fill.Glorot), new("bias", [outputs], false, Fill.Zeros)]
        : [new("weight", weight, false, Fill.Glorot)];

    private static StateTensor[] BatchNorm(BatchNormalization b, long channels) =>
    [
        .. b.Scale ? [new StateTensor("weight", [channels], false, Fill.Ones)] : Array.Empty<StateTensor>(),
        .. b.Center ? [new StateTensor("bias", [channels], false, Fill.Zeros)] : Array.Empty<StateTensor>(),
        new("running_mean", [channels], true, Fill.Zeros),
        new("running_var", [channels], true, Fill.Ones),
    ];

    private static StateTensor[] LayerNorm(LayerNormalization n, long[] shape)
    {
        var axes = n.Resolve(shape.Length) ?? throw new ArgumentException("LayerNormalization: axes do not fit");
        var kept = shape.Select((d, i) => axes.Contains(i) ? d : 1).ToArray();
        return
        [
            .. n.Scale ? [new StateTensor("gamma", kept, false, Fill.Ones)] : Array.Empty<StateTensor>(),
            .. n.Center ? [new StateTensor("beta", kept, false, Fill.Zeros)] : Array.Empty<StateTensor>(),
        ];
    }
}

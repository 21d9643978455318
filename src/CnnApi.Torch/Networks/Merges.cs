using CnnApi.Architectures.Layers;
using static TorchSharp.torch;

namespace CnnApi.Torch.Networks;

/// <summary>The merge layers on their inputs; inputs of different ranks broadcast in Keras's axis order.</summary>
internal static class Merges
{
    public static Tensor Apply(MergeKind kind, IReadOnlyList<Tensor> inputs)
    {
        using var scope = NewDisposeScope();
        var sameRank = inputs.All(t => t.dim() == inputs[0].dim());
        var rank = inputs.Max(t => t.dim());
        // Keras broadcasts a lower-rank input by inserting axes after the batch: [N, C] meets [N, H, W, C] as [N, 1, 1, C].
        var xs = inputs.Select(t => sameRank ? t : Layout.ToKeras(t))
            .Select(t => t.dim() == rank ? t : t.reshape([t.shape[0], .. Enumerable.Repeat(1L, (int)(rank - t.dim())), .. t.shape[1..]])).ToList();
        var y = kind switch
        {
            MergeKind.Add => xs.Skip(1).Aggregate(xs[0], (a, b) => a + b),
            MergeKind.Subtract => xs[0] - xs[1],
            MergeKind.Multiply => xs.Skip(1).Aggregate(xs[0], (a, b) => a * b),
            MergeKind.Average => xs.Skip(1).Aggregate(xs[0], (a, b) => a + b) / xs.Count,
            MergeKind.Maximum => xs.Skip(1).Aggregate(xs[0], maximum),
            MergeKind.Minimum => xs.Skip(1).Aggregate(xs[0], minimum),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown merge"),
        };
        return (sameRank ? y : Layout.FromKeras(y)).contiguous().MoveToOuterDisposeScope();
    }

    public static Tensor Concatenate(int axis, IReadOnlyList<Tensor> inputs)
    {
        var rank = (int)inputs[0].dim() - 1;
        return cat(inputs.ToList(), Layout.Dim(NetworkBuilder.Axis(axis, rank), rank));
    }
}

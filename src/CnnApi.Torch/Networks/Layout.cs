using static TorchSharp.torch;

namespace CnnApi.Torch.Networks;

/// <summary>
/// How a Keras tensor is held in torch: a 3-D Keras tensor [a, b, c] (no batch) as [N, c, a, b] (so a channels-last
/// image is NCHW, as torch's convolutions want it), any other rank as is, [N, …]. Layers that need Keras's own axis
/// order (Reshape, Permute, channels_first layers, LayerNormalization) convert with <see cref="ToKeras"/> and back.
/// </summary>
internal static class Layout
{
    /// <summary>[N, c, a, b] → [N, a, b, c]; other ranks unchanged.</summary>
    public static Tensor ToKeras(Tensor x) => x.dim() == 4 ? x.permute(0, 2, 3, 1) : x;

    /// <summary>[N, a, b, c] → [N, c, a, b]; other ranks unchanged.</summary>
    public static Tensor FromKeras(Tensor x) => x.dim() == 4 ? x.permute(0, 3, 1, 2) : x;

    /// <summary>The torch dimension of Keras axis <paramref name="axis"/> (an index without batch) of a rank-<paramref name="rank"/> tensor.</summary>
    public static long Dim(int axis, int rank) => rank == 3 ? axis switch { 0 => 2, 1 => 3, _ => 1 } : axis + 1;

    /// <summary>A Keras shape (no batch) in torch's order, with the batch dimension <paramref name="batch"/> first.</summary>
    public static long[] TorchShape(long[] keras, long batch) =>
        keras.Length == 3 ? [batch, keras[2], keras[0], keras[1]] : [batch, .. keras];
}

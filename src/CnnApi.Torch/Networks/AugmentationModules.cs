using CnnApi.Architectures.Layers;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CnnApi.Torch.Networks;

/// <summary>Keras RandomFlip: while training, each image is flipped left-right and/or up-down with probability ½; identity at inference.</summary>
internal sealed class KerasRandomFlip(string name, FlipMode mode) : nn.Module<Tensor, Tensor>(name)
{
    public override Tensor forward(Tensor x)
    {
        if (!training) return x.alias();
        using var scope = NewDisposeScope();
        var y = x;
        if (mode != FlipMode.Vertical) y = Flip(y, 3);
        if (mode != FlipMode.Horizontal) y = Flip(y, 2);
        return y.contiguous().MoveToOuterDisposeScope();
    }

    private static Tensor Flip(Tensor x, long dim)
    {
        var pick = JobRandom.Uniform([x.shape[0]], x).lt(0.5).view(-1, 1, 1, 1);
        return where(pick, x.flip(dim), x);
    }
}

/// <summary>
/// Keras RandomRotation, RandomTranslation and RandomZoom: while training, each image goes through its own random
/// affine map (an angle of factor·2π, a shift of factor·side, a scale of 1 + factor), sampled with
/// <c>grid_sample</c> (bilinear or nearest; reflect, constant 0 or nearest fill); identity at inference.
/// </summary>
internal sealed class KerasRandomAffine : nn.Module<Tensor, Tensor>
{
    private readonly Layer _layer;
    private readonly FillMode _fill;
    private readonly Interpolation _interpolation;

    public KerasRandomAffine(string name, RandomRotation layer) : this(name, layer, layer.FillMode, layer.Interpolation) { }

    public KerasRandomAffine(string name, RandomTranslation layer) : this(name, layer, layer.FillMode, layer.Interpolation) { }

    public KerasRandomAffine(string name, RandomZoom layer) : this(name, layer, layer.FillMode, layer.Interpolation) { }

    private KerasRandomAffine(string name, Layer layer, FillMode fill, Interpolation interpolation) : base(name)
    {
        (_layer, _fill, _interpolation) = (layer, fill, interpolation);
    }

    public override Tensor forward(Tensor x)
    {
        if (!training) return x.alias();
        using var scope = NewDisposeScope();
        long n = x.shape[0];
        var theta = zeros(n, 2, 3, dtype: x.dtype, device: x.device);
        var (a, b, c, d, tx, ty) = Coefficients(n, x.device, x.dtype);
        theta[.., 0, 0] = a; theta[.., 0, 1] = b; theta[.., 0, 2] = tx;
        theta[.., 1, 0] = c; theta[.., 1, 1] = d; theta[.., 1, 2] = ty;
        var grid = F.affine_grid(theta, [n, x.shape[1], x.shape[2], x.shape[3]], align_corners: false);
        var mode = _interpolation == Interpolation.Nearest ? GridSampleMode.Nearest : GridSampleMode.Bilinear;
        var padding = _fill switch
        {
            FillMode.Constant => GridSamplePaddingMode.Zeros,
            FillMode.Nearest => GridSamplePaddingMode.Border,
            _ => GridSamplePaddingMode.Reflection,
        };
        return F.grid_sample(x, grid, mode, padding, align_corners: false).MoveToOuterDisposeScope();
    }

    /// <summary>Per image: the 2×2 map from output to input coordinates (normalised to [−1, 1]) and the shift.</summary>
    private (Tensor A, Tensor B, Tensor C, Tensor D, Tensor Tx, Tensor Ty) Coefficients(long n, Device device, ScalarType type)
    {
        // Explicit, disposed Scalars (the project's rule since issue 16): an implicit double → Scalar is never disposed and
        // a collection on another thread could free it while libtorch still reads it.
        Tensor Draw(FactorRange r)
        {
            using var span = (r.Upper - r.Lower).ToScalar();
            using var lower = r.Lower.ToScalar();
            return rand([n], dtype: type, device: device, generator: JobRandom.Current).mul_(span).add_(lower);
        }
        using var twoPi = (2 * Math.PI).ToScalar();
        using var minusTwo = (-2.0).ToScalar();
        using var plusOne = 1.0.ToScalar();
        var zero = zeros(n, dtype: type, device: device);
        var one = ones(n, dtype: type, device: device);
        switch (_layer)
        {
            case RandomRotation r:
                var angle = Draw(r.Factor).mul_(twoPi);
                return (angle.cos(), -angle.sin(), angle.sin(), angle.cos(), zero, zero);
            case RandomTranslation t:
                // A shift of f·side moves the image by f·side pixels: the input is read 2·f (normalised) the other way.
                return (one, zero, zero, one, Draw(t.WidthFactor).mul_(minusTwo), Draw(t.HeightFactor).mul_(minusTwo));
            case RandomZoom z:
                var zoomH = Draw(z.HeightFactor).add_(plusOne);
                var zoomW = z.WidthFactor is { } w ? Draw(w).add_(plusOne) : zoomH;
                return (zoomW, zero, zero, zoomH, zero, zero);
            default:
                throw new ArgumentException($"{_layer.KerasClass} is not a random affine layer");
        }
    }
}

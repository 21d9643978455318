using CnnApi.Architectures.Layers;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;
using ReLU = CnnApi.Architectures.Layers.ReLU;
using PReLU = CnnApi.Architectures.Layers.PReLU;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CnnApi.Torch.Networks;

/// <summary>A weightless element-wise layer (LeakyReLU, ELU, Softmax, Rescaling).</summary>
internal sealed class KerasElementwise(string name, Func<Tensor, Tensor> function) : nn.Module<Tensor, Tensor>(name)
{
    public override Tensor forward(Tensor x) => function(x);
}

/// <summary>Keras ReLU: x above the threshold (capped at max_value), negative_slope·(x − threshold) below it.</summary>
internal sealed class KerasReLU(string name, ReLU layer) : nn.Module<Tensor, Tensor>(name)
{
    public override Tensor forward(Tensor x)
    {
        // Every number an op reads is an explicit Scalar, disposed after the op (the rule since issue 16).
        using var top = layer.MaxValue is { } cap ? cap.ToScalar() : null;
        if (layer is { NegativeSlope: 0, Threshold: 0 })
        {
            if (top is null) return F.relu(x);
            using var zero = 0.0.ToScalar();
            return x.clamp(zero, top);
        }
        using var threshold = layer.Threshold.ToScalar();
        using var slope = layer.NegativeSlope.ToScalar();
        using var shifted = x.sub(threshold);
        using var below = shifted.mul(slope);
        using var keep = x.ge(threshold);
        var y = where(keep, x, below);
        return top is null ? y : y.clamp_max_(top);
    }
}

/// <summary>Keras PReLU: relu(x) − alpha·relu(−x), alpha one per element (shared along the shared axes), zeros at first.</summary>
internal sealed class KerasPReLU : nn.Module<Tensor, Tensor>
{
    private Parameter alpha;

    public KerasPReLU(string name, PReLU layer, long[] inputShape) : base(name)
    {
        var shape = layer.AlphaShape(inputShape) ?? throw new ArgumentException($"layer {name}: shared axes do not fit");
        // Held in torch's layout so that it broadcasts against [N, …]: a 3-D alpha (H, W, C) as (C, H, W).
        alpha = nn.Parameter(zeros(shape.Length == 3 ? [shape[2], shape[0], shape[1]] : shape));
        register_parameter(nameof(alpha), alpha);
    }

    public override Tensor forward(Tensor x)
    {
        using var negative = F.relu(-x);
        return F.relu(x) - alpha * negative;
    }
}

/// <summary>Keras GaussianNoise: x + N(0, stddev²) while training, x otherwise.</summary>
internal sealed class KerasGaussianNoise(string name, double stddev) : nn.Module<Tensor, Tensor>(name)
{
    public override Tensor forward(Tensor x)
    {
        if (!training) return x.alias();
        using var noise = JobRandom.Normal(x);
        using var sigma = stddev.ToScalar();
        using var scaled = noise.mul(sigma);
        return x + scaled;
    }
}

/// <summary>Keras GaussianDropout: x·N(1, rate/(1 − rate)) while training, x otherwise.</summary>
internal sealed class KerasGaussianDropout(string name, double rate) : nn.Module<Tensor, Tensor>(name)
{
    public override Tensor forward(Tensor x)
    {
        if (!training || rate == 0) return x.alias();
        using var normal = JobRandom.Normal(x);
        using var sigma = Math.Sqrt(rate / (1 - rate)).ToScalar();
        using var one = 1.0.ToScalar();
        using var scaled = normal.mul(sigma);
        using var noise = scaled.add(one);
        return x * noise;
    }
}

/// <summary>Keras Dropout: drops elements while training, scaling the rest by 1/(1 − rate); draws from <see cref="JobRandom"/>.</summary>
internal sealed class KerasDropout(string name, double rate) : nn.Module<Tensor, Tensor>(name)
{
    public override Tensor forward(Tensor x) => training ? JobRandom.Dropout(x, rate, x.shape) : x.alias();
}

/// <summary>Keras SpatialDropout2D: drops whole channels (NCHW) while training, scaling the rest by 1/(1 − rate).</summary>
internal sealed class KerasSpatialDropout(string name, double rate) : nn.Module<Tensor, Tensor>(name)
{
    public override Tensor forward(Tensor x) => training ? JobRandom.Dropout(x, rate, [x.shape[0], x.shape[1], 1, 1]) : x.alias();
}

/// <summary>
/// Keras LayerNormalization: (x − mean)/√(var + ε) over the normalised axes, then gamma and beta of those axes'
/// shape, computed in Keras's axis order.
/// </summary>
internal sealed class KerasLayerNormalization : nn.Module<Tensor, Tensor>
{
    private Parameter? gamma;
    private Parameter? beta;
    private readonly long[] _dims;
    private readonly double _epsilon;

    public KerasLayerNormalization(string name, LayerNormalization layer, long[] inputShape) : base(name)
    {
        var axes = layer.Resolve(inputShape.Length) ?? throw new ArgumentException($"layer {name}: axes do not fit");
        _dims = axes.Select(a => (long)a + 1).ToArray();
        _epsilon = layer.Epsilon;
        var shape = inputShape.Select((d, i) => axes.Contains(i) ? d : 1).ToArray();
        if (layer.Scale)
        {
            gamma = nn.Parameter(ones(shape));
            register_parameter(nameof(gamma), gamma);
        }
        if (layer.Center)
        {
            beta = nn.Parameter(zeros(shape));
            register_parameter(nameof(beta), beta);
        }
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var k = Layout.ToKeras(x);
        var mean = k.mean(_dims, keepdim: true);
        var variance = (k - mean).square().mean(_dims, keepdim: true);
        using var epsilon = _epsilon.ToScalar();
        var y = (k - mean) / variance.add(epsilon).sqrt();
        if (gamma is not null) y = y * gamma;
        if (beta is not null) y = y + beta;
        return Layout.FromKeras(y).contiguous().MoveToOuterDisposeScope();
    }
}
